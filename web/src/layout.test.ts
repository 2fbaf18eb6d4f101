import { describe, expect, it } from 'vitest';
import { niceBelow, Occupied, overlaps, spread } from './layout';

describe('spread', () => {
  it('moves close labels apart, keeps far ones where they are, stays inside', () => {
    const p = spread([0, 5, 6, 100], 14, 0, 120);
    for (let i = 1; i < p.length; i++) expect(p[i] - p[i - 1]).toBeGreaterThanOrEqual(14 - 1e-9);
    expect(p[3]).toBe(100);
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
  });
  it('fits a crowd at the end inside the range', () => {
    const p = spread([90, 95, 99, 100], 14, 0, 100);
    expect(p[3]).toBeLessThanOrEqual(100);
    for (let i = 1; i < p.length; i++) expect(p[i] - p[i - 1]).toBeGreaterThanOrEqual(14 - 1e-9);
  });
});

describe('occupied', () => {
  it('takes the first free candidate inside the bounds', () => {
    const o = new Occupied({ x0: 0, y0: 0, x1: 100, y1: 100 });
    o.add({ x0: 10, y0: 10, x1: 50, y1: 30 });
    const got = o.take([
      { id: 'over', box: { x0: 20, y0: 20, x1: 60, y1: 40 } },
      { id: 'outside', box: { x0: 90, y0: 20, x1: 120, y1: 40 } },
      { id: 'free', box: { x0: 55, y0: 20, x1: 95, y1: 40 } },
    ]);
    expect(got?.id).toBe('free');
    expect(overlaps({ x0: 0, y0: 0, x1: 1, y1: 1 }, { x0: 1, y0: 0, x1: 2, y1: 1 })).toBe(false);
  });
});

describe('niceBelow', () => {
  it.each([
    [260, 200],
    [49, 20],
    [5.5, 5],
    [0.3, 0.2],
  ])('%f gives %f', (a, b) => expect(niceBelow(a)).toBeCloseTo(b));
});
