import { describe, expect, it } from 'vitest';
import { distanceKm, fitProjection, fractionAlong, type LonLat } from './geo';

describe('distanceKm', () => {
  it('gives about 111.2 km for one degree of latitude', () => {
    expect(distanceKm([131.9, 43.0], [131.9, 44.0])).toBeCloseTo(111.19, 1);
  });
});

describe('fractionAlong', () => {
  const line: LonLat[] = [[0, 0], [1, 0], [1, 1]];
  it('places points on the nearest segment in order along the line', () => {
    expect(fractionAlong(line, [0, 0])).toBeCloseTo(0, 5);
    expect(fractionAlong(line, [0.5, 0.1])).toBeCloseTo(0.25, 2);
    expect(fractionAlong(line, [1.1, 0.5])).toBeCloseTo(0.75, 2);
    expect(fractionAlong(line, [1, 1])).toBeCloseTo(1, 5);
  });
});

describe('fitProjection', () => {
  it('keeps every point inside the box with its margin and north up', () => {
    const pts: LonLat[] = [[125.75, 39.03], [131.89, 43.11], [130.6, 42.3]];
    const p = fitProjection(pts, 1000, 560, 40);
    for (const q of pts) {
      expect(p.x(q)).toBeGreaterThanOrEqual(39.9);
      expect(p.x(q)).toBeLessThanOrEqual(960.1);
      expect(p.y(q)).toBeGreaterThanOrEqual(39.9);
      expect(p.y(q)).toBeLessThanOrEqual(520.1);
    }
    expect(p.y(pts[1])).toBeLessThan(p.y(pts[0]));
  });
});
