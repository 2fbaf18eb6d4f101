import { describe, expect, it } from 'vitest';
import { qualityInWords } from './quality';

describe('qualityInWords', () => {
  it('says a proven optimum in words', () =>
    expect(qualityInWords({ objective: 345, bound: 345, gapPercent: 0, method: 'optimal', unit: 'weighted minutes of delay', inWords: 'optimal' })).toBe(
      'proven optimal: 345 weighted minutes of delay, lower bound 345',
    ));

  it('says a bounded answer with its gap and why it stopped', () =>
    expect(qualityInWords({ objective: 11, bound: 9, gapPercent: 22.2, method: 'bounded', unit: 'teams', inWords: 'within 22.3 % of optimal' })).toBe(
      'within 22.3 % of optimal (time limit reached): 11 teams, lower bound 9',
    ));

  it('names the greedy method', () =>
    expect(qualityInWords({ objective: 487.57, bound: 268.9, method: 'greedy', unit: 'weighted minutes of delay', inWords: 'within 81.4 % of optimal' })).toBe(
      'within 81.4 % of optimal (first come, first served): 487.6 weighted minutes of delay, lower bound 268.9',
    ));

  it('is silent on anything else', () => {
    expect(qualityInWords(undefined)).toBeNull();
    expect(qualityInWords({ teamsUsed: 3 })).toBeNull();
  });
});
