import type { LiveTrain, Stop } from '../api';
import { epochMs } from '../time';

/** One train as the console draws it: its planned stops, its live state and the positions seen since the page opened. */
export type Track = { id: string; index: number; stops: Stop[]; live: LiveTrain | null; history: { t: number; km: number }[] };

type DataPoint = { time: number; position: number };

/** Planned path: every stop's arrival and departure at the stop's kilometre (metres on the chart's axis). */
export function plannedPoints(stops: Stop[], stationKm: Map<string, number>): DataPoint[] {
  const out: DataPoint[] = [];
  for (const s of stops) {
    const km = stationKm.get(s.station);
    if (km === undefined) continue;
    for (const t of [s.arrival, s.departure]) {
      const ms = epochMs(t);
      if (ms !== null && !out.some((p) => p.time === ms)) out.push({ time: ms, position: km * 1000 });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

/** Actual path: the actual stop times and the reported positions, in time order. */
export function actualPoints(track: Track, stationKm: Map<string, number>): DataPoint[] {
  const out: DataPoint[] = track.history.map((h) => ({ time: h.t, position: h.km * 1000 }));
  for (const s of track.live?.stops ?? []) {
    const km = stationKm.get(s.station);
    if (km === undefined) continue;
    for (const t of [s.actualArrival, s.actualDeparture]) {
      const ms = epochMs(t);
      if (ms !== null) out.push({ time: ms, position: km * 1000 });
    }
  }
  return dedupe(out.sort((a, b) => a.time - b.time));
}

/** Forecast path: from the last reported position through the forecast times of the stops still ahead. */
export function forecastPoints(track: Track, stationKm: Map<string, number>): DataPoint[] {
  const last = track.history[track.history.length - 1];
  if (!last) return [];
  const out: DataPoint[] = [{ time: last.t, position: last.km * 1000 }];
  for (const s of track.live?.stops ?? []) {
    const km = stationKm.get(s.station);
    if (km === undefined) continue;
    for (const t of [s.forecastArrival, s.forecastDeparture]) {
      const ms = epochMs(t);
      if (ms !== null && ms >= last.t) out.push({ time: ms, position: km * 1000 });
    }
  }
  return dedupe(out.sort((a, b) => a.time - b.time));
}

function dedupe(points: DataPoint[]): DataPoint[] {
  return points.filter((p, i) => i === 0 || p.time !== points[i - 1].time || p.position !== points[i - 1].position);
}

