import type { SpeedProfile } from '../api';
import { colourOf } from '../palette';
import type { Track } from './SpaceTime';
import { textWidth } from '../layout';

const W = 1200;
const H = 300;
const pad = { left: 52, right: 16, top: 26, bottom: 44 };

type XY = { x: number; y: number };

/** Keeps the lowest and highest value of every pixel column, so stops and peaks survive on a 12,000-point profile. */
export function decimate(points: XY[], columns: number): XY[] {
  if (points.length <= columns * 2) return points;
  const out: XY[] = [];
  let col = -1;
  let lo: XY | null = null;
  let hi: XY | null = null;
  const flush = () => {
    if (lo && hi) out.push(...(lo.x <= hi.x ? [lo, hi] : [hi, lo]));
  };
  for (const p of points) {
    const c = Math.floor(p.x);
    if (c !== col) {
      flush();
      col = c;
      lo = hi = p;
    } else {
      if (p.y > lo!.y) lo = p; // SVG y grows downwards: the lowest speed has the largest y
      if (p.y < hi!.y) hi = p;
    }
  }
  flush();
  return out;
}

/** Planned speed against distance for every train, the line's limit beneath, and the reported live speeds as dots. */
export function SpeedChart({ profile, tracks, stationKm }: { profile: SpeedProfile; tracks: Track[]; stationKm: Map<string, number> }) {
  const all = profile.trains.flatMap((t) => t.points);
  if (all.length === 0) return <p className="empty">No speed profile.</p>;
  const maxKm = Math.max(...all.map((p) => p.km));
  const liveSpeeds = tracks.flatMap((t) => (t.live?.position && typeof t.live.position.speedKmh === 'number' ? [t.live.position.speedKmh] : []));
  const maxV = Math.ceil((Math.max(...all.map((p) => Math.max(p.speedKmh, p.limitKmh ?? 0)), ...liveSpeeds) * 1.1) / 20) * 20;
  const x = (km: number) => pad.left + (km / maxKm) * (W - pad.left - pad.right);
  const y = (v: number) => H - pad.bottom - (v / maxV) * (H - pad.top - pad.bottom);
  const line = (pts: XY[]) => decimate(pts, W).map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  const stops = new Set(tracks.flatMap((t) => t.stops.filter((s) => s.activity !== 'pass').map((s) => s.station)));
  const ticks = [...stationKm.entries()].filter(([n]) => stops.has(n)).sort((a, b) => a[1] - b[1]);
  // A station's name (measured in the page's font) is written only where it does not run into the previous one; the
  // last one always, the one before it giving way.
  const named = new Set<string>();
  const spans: { name: string; x0: number; x1: number }[] = [];
  ticks.forEach(([name, km], i) => {
    const at = x(km);
    const w = Math.max(textWidth(name, 11), textWidth(String(Math.round(km)), 11)) + 10;
    const anchorEnd = at > W - 60;
    const span = { name, x0: anchorEnd ? at - w : at - w / 2, x1: anchorEnd ? at : at + w / 2 };
    const last = i === ticks.length - 1;
    while (last && spans.length && spans[spans.length - 1].x1 > span.x0) named.delete(spans.pop()!.name);
    if (!spans.length || spans[spans.length - 1].x1 <= span.x0) {
      spans.push(span);
      named.add(name);
    }
  });
  const limitTrain = profile.trains[0];

  return (
    <svg id="speed-distance" className="speed-chart" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label="speed against distance">
      {Array.from({ length: maxV / 20 + 1 }, (_, i) => i * 20).map((v) => (
        <g key={v}>
          <line className="grid-line" x1={pad.left} x2={W - pad.right} y1={y(v)} y2={y(v)} />
          <text className="axis-label" x={pad.left - 6} y={y(v) + 4} textAnchor="end">
            {v}
          </text>
        </g>
      ))}
      {ticks.map(([name, km]) => (
        <g key={name}>
          <line className="station-tick" x1={x(km)} x2={x(km)} y1={pad.top} y2={H - pad.bottom} />
          {named.has(name) && (
            <>
              <text className="axis-label" x={x(km)} y={H - pad.bottom + 14} textAnchor={x(km) > W - 60 ? 'end' : 'middle'}>
                {Math.round(km)}
              </text>
              <text className="axis-label station" x={x(km)} y={H - pad.bottom + 28} textAnchor={x(km) > W - 60 ? 'end' : 'middle'}>
                {name}
              </text>
            </>
          )}
        </g>
      ))}
      <text className="axis-title" x={12} y={12}>
        km/h
      </text>
      {limitTrain && <polyline className="limit-line" points={line(limitTrain.points.map((p) => ({ x: x(p.km), y: y(p.limitKmh) })))} />}
      {profile.trains.map((t) => {
        const track = tracks.find((k) => k.id === t.id);
        return <polyline key={t.id} className="speed-line" data-train={t.id} stroke={colourOf(track?.index ?? 0)} points={line(t.points.map((p) => ({ x: x(p.km), y: y(p.speedKmh) })))} />;
      })}
      {tracks.map((t) => {
        const p = t.live?.position;
        if (!p || typeof p.km !== 'number' || typeof p.speedKmh !== 'number') return null;
        return <circle key={t.id} className="live-speed" data-train={t.id} cx={x(p.km)} cy={y(p.speedKmh)} r={6} fill={colourOf(t.index)} />;
      })}
    </svg>
  );
}
