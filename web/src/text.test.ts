import { describe, expect, it } from 'vitest';
import { humanise, isShareKey, percent, words } from './text';
import { dayText, localise, timeParts } from './time';

describe('words', () => {
  it.each([
    ['lateArrival', 'late arrival'],
    ['stoppedOutsideStation', 'stopped outside station'],
    ['PassingLoop', 'passing loop'],
    ['station', 'station'],
    ['Khasan', 'Khasan'],
    ['RP1', 'RP1'],
    ['Köln Hbf', 'Köln Hbf'],
  ])('%s reads %s', (raw, shown) => expect(words(raw)).toBe(shown));

  it('headings too', () => expect(humanise('trainsHeld')).toBe('Trains held'));
});

describe('shares', () => {
  it('names shares by their keys', () => {
    expect(isShareKey('utilisation')).toBe(true);
    expect(isShareKey('optimalityGap')).toBe(true);
    expect(isShareKey('margin')).toBe(true);
    expect(isShareKey('litres')).toBe(false);
  });
  it.each([
    [0.078, '7.8 %'],
    [0.25, '25 %'],
    [1, '100 %'],
    [0.8571, '85.7 %'],
  ])('%f reads %s', (v, s) => expect(percent(v)).toBe(s));
});

describe('local times', () => {
  const stops = ['2019-04-23T06:00:00+09:00', '2019-04-24T01:29:00+10:00'];
  it('writes a UTC instant at the offset of where the journey was then', () => {
    expect(localise('2019-04-22T22:00:00Z', stops)).toBe('2019-04-23T07:00:00+09:00');
    expect(localise('2019-04-23T16:00:00Z', stops)).toBe('2019-04-24T02:00:00+10:00');
  });
  it('before the first stop uses the first offset, and leaves local times alone', () => {
    expect(localise('2019-04-22T19:00:00Z', stops)).toBe('2019-04-23T04:00:00+09:00');
    expect(localise('2019-04-23T06:00:00+09:00', stops)).toBe('2019-04-23T06:00:00+09:00');
  });
  it('splits a time for dense tables', () => {
    expect(timeParts('2019-04-24T10:05:00+10:00')).toEqual({ date: '2019-04-24', clock: '10:05', offset: '+10:00' });
    expect(dayText('2019-04-24')).toBe('Wed 24 Apr');
  });
});
