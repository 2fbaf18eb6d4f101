import { describe, expect, it } from 'vitest';
import { epochMs, formatClock, formatDelay, formatTime, offsetMinutes } from './time';

describe('formatTime', () => {
  it.each([
    ['2019-04-23T06:32:47+09:00', '2019-04-23 06:32 +09:00'],
    ['2019-04-24T10:05:00+10:00', '2019-04-24 10:05 +10:00'],
    ['2019-04-24T10:05:00.250-03:30', '2019-04-24 10:05 -03:30'],
    ['2019-04-24T01:00:00Z', '2019-04-24 01:00 +00:00'],
  ])('keeps the offset of %s', (iso, shown) => expect(formatTime(iso)).toBe(shown));

  it('never converts to the browser zone: the same instant at two offsets reads differently', () => {
    expect(epochMs('2019-04-23T06:00:00+09:00')).toBe(epochMs('2019-04-23T07:00:00+10:00'));
    expect(formatTime('2019-04-23T06:00:00+09:00')).not.toBe(formatTime('2019-04-23T07:00:00+10:00'));
  });

  it('shows nothing for null and non-ISO text as it is', () => {
    expect(formatTime(null)).toBe('');
    expect(formatTime('tomorrow')).toBe('tomorrow');
    expect(formatClock('2019-04-23T06:32:47+09:00')).toBe('06:32 +09:00');
  });
});

describe('offsetMinutes', () => {
  it.each([
    ['2019-04-23T06:00:00+09:00', 540],
    ['2019-04-23T06:00:00-03:30', -210],
    ['2019-04-23T06:00:00Z', 0],
    ['not a time', null],
  ])('%s -> %s', (iso, minutes) => expect(offsetMinutes(iso)).toBe(minutes));
});

describe('formatDelay', () => {
  it.each([
    [0, 'on time'],
    [29, 'on time'],
    [240, '+4 min'],
    [-120, '-2 min'],
    [3900, '+1 h 05 min'],
  ])('%s s -> %s', (s, text) => expect(formatDelay(s)).toBe(text));
});
