import { describe, expect, it } from 'vitest';
import { actualPoints, forecastPoints, plannedPoints, type Track } from './spaceTimePoints';

const km = new Map([['A', 0], ['B', 50], ['C', 120]]);
const stops = [
  { station: 'A', arrival: null, departure: '2019-04-23T06:00:00+09:00' },
  { station: 'B', arrival: '2019-04-23T07:00:00+09:00', departure: '2019-04-23T07:10:00+09:00' },
  { station: 'X', arrival: '2019-04-23T07:30:00+09:00', departure: '2019-04-23T07:30:00+09:00' },
  { station: 'C', arrival: '2019-04-23T09:00:00+10:00', departure: null },
];

describe('space-time points', () => {
  it('plans a point at every arrival and departure of a known place, in time order, in metres', () => {
    const p = plannedPoints(stops, km);
    expect(p.map((x) => x.position)).toEqual([0, 50000, 50000, 120000]);
    expect(p[3].time - p[0].time).toBe(2 * 3600 * 1000);
  });

  it('draws actuals from reports and actual stop times, and the forecast from the last report on', () => {
    const t = (iso: string) => Date.parse(iso);
    const track: Track = {
      id: 'T',
      index: 0,
      stops,
      history: [{ t: t('2019-04-23T06:30:00+09:00'), km: 20 }],
      live: {
        id: 'T',
        position: null,
        delaySeconds: 300,
        stops: [
          { station: 'A', plannedArrival: null, plannedDeparture: stops[0].departure, actualArrival: null, actualDeparture: '2019-04-23T06:02:00+09:00', forecastArrival: null, forecastDeparture: null },
          { station: 'B', plannedArrival: stops[1].arrival, plannedDeparture: stops[1].departure, actualArrival: null, actualDeparture: null, forecastArrival: '2019-04-23T07:05:00+09:00', forecastDeparture: '2019-04-23T07:15:00+09:00' },
        ],
      },
    };
    expect(actualPoints(track, km).map((x) => x.position)).toEqual([0, 20000]);
    const f = forecastPoints(track, km);
    expect(f.map((x) => x.position)).toEqual([20000, 50000, 50000]);
    expect(f[1].time).toBe(t('2019-04-23T07:05:00+09:00'));
  });
});
