import { useEffect, useRef, useState } from 'react';
import { PathLayer, SpaceTimeChart as OsrdChart } from '@osrd-project/ui-spacetimechart';
import { actualPoints, forecastPoints, plannedPoints, type Track } from './spaceTimePoints';
import { colourOf } from '../palette';
import { offsetMinutes } from '../time';

export type { Track } from './spaceTimePoints';

const HEIGHT = 460;

/**
 * The space-time chart, drawn by OSRD's ui-spacetimechart (canvas): plan solid and thin, actuals thick, forecast dashed.
 * The library writes its hour captions in the browser's zone, so times are handed to it shifted to show the wall
 * clock at the offset of the first departure (written beside the chart); nothing else is converted.
 */
export function SpaceTimeChart({ tracks, stationKm, totalKm }: { tracks: Track[]; stationKm: Map<string, number>; totalKm: number }) {
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [range, setRange] = useState<'all' | 'now'>('all');
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  const planned = tracks.map((t) => plannedPoints(t.stops, stationKm));
  const times = planned.flat().map((p) => p.time);
  const firstTime = tracks.flatMap((t) => t.stops).map((s) => s.departure ?? s.arrival).find((x): x is string => !!x);
  const refOffset = firstTime ? offsetMinutes(firstTime) ?? 0 : 0;
  const shift = (ms: number) => ms + refOffset * 60000 + new Date(ms).getTimezoneOffset() * 60000;
  const sign = refOffset < 0 ? '-' : '+';
  const offsetText = `UTC${sign}${String(Math.floor(Math.abs(refOffset) / 60)).padStart(2, '0')}:${String(Math.abs(refOffset) % 60).padStart(2, '0')}`;

  const stops = new Set(tracks.flatMap((t) => t.stops.map((s) => s.station)));
  const operationalPoints = [...stationKm.entries()]
    .filter(([name]) => stops.has(name))
    .sort((a, b) => a[1] - b[1])
    .map(([name, km]) => ({ id: name, label: name, position: km * 1000, importanceLevel: 1 }));

  const lastReport = Math.max(-Infinity, ...tracks.flatMap((t) => t.history.map((h) => h.t)));
  const around = range === 'now' && Number.isFinite(lastReport);
  const ready = width > 0 && times.length >= 2 && totalKm > 0;
  const t0 = around ? lastReport - 3 * 3600_000 : Math.min(...times);
  const t1 = around ? lastReport + 3 * 3600_000 : Math.max(...times);
  const margin = around ? 0 : (t1 - t0) * 0.02;
  const captionHeight = 40;
  const paths = tracks.flatMap((t, i) => {
    const c = colourOf(t.index);
    const list = [
      { id: `${t.id}-plan`, label: t.id, points: planned[i], colour: c, level: 2 as const },
      { id: `${t.id}-actual`, label: '', points: actualPoints(t, stationKm), colour: c, level: 1 as const },
      { id: `${t.id}-forecast`, label: '', points: forecastPoints(t, stationKm), colour: c, level: 3 as const },
    ];
    return list.filter((p) => p.points.length >= 2);
  });

  return (
    <div className="stc-block">
      <div className="stc-range" role="group" aria-label="time window">
        <button type="button" className={range === 'all' ? 'on' : ''} onClick={() => setRange('all')}>
          Whole journey
        </button>
        <button type="button" className={range === 'now' ? 'on' : ''} disabled={!Number.isFinite(lastReport)} onClick={() => setRange('now')}>
          3 h either side of the last report
        </button>
      </div>
      <div className="stc-side" aria-hidden="true">
        {sideLabels(operationalPoints, (position) => 10 + (position / (totalKm * 1000)) * (HEIGHT - captionHeight - 20)).map((p) => (
          <div key={p.id} className="stc-place" style={{ top: p.top }}>
            {p.label}
          </div>
        ))}
      </div>
      <div
        className="stc"
        id="space-time"
        ref={wrap}
        style={{ height: HEIGHT }}
        data-paths={paths.map((p) => p.id).join(' ')}
        data-actual-points={paths.filter((p) => p.id.endsWith('-actual')).reduce((n, p) => n + p.points.length, 0)}
      >
        {ready && (
          <OsrdChart
            operationalPoints={operationalPoints}
            spaceOrigin={0}
            spaceScales={[{ to: totalKm * 1000, size: HEIGHT - captionHeight - 20 }]}
            timeOrigin={shift(t0 - margin)}
            timeScale={(t1 - t0 + 2 * margin) / width}
            yOffset={10}
            theme={{ background: '#10161f', pathsStyles: { fontSize: 12, fontFamily: 'system-ui, sans-serif' }, spaceGraduationsStyles: { 1: { width: 0.5, color: '#6b7d93', opacity: 0.8 } } }}
          >
            {paths.map((p) => (
              <PathLayer key={p.id} path={{ id: p.id, label: p.label, points: p.points.map((q) => ({ time: shift(q.time), position: q.position })) }} color={p.colour} level={p.level} />
            ))}
          </OsrdChart>
        )}
      </div>
      <p className="chart-note">
        Time axis at {offsetText} (the offset of the first departure). Thin lines: plan; thick: actual; dashed: forecast.
      </p>
    </div>
  );
}

/** Place names beside the chart, leaving out a name that would overlap the one above it (13 px apart at least). */
function sideLabels(points: { id: string; label: string; position: number }[], top: (position: number) => number) {
  const out: { id: string; label: string; top: number }[] = [];
  points.forEach((p, i) => {
    const y = top(p.position);
    const last = i === points.length - 1;
    // The end of the line always keeps its name; the name above it gives way instead.
    while (out.length > 1 && last && y - out[out.length - 1].top < 13) out.pop();
    if (out.length && y - out[out.length - 1].top < 13) return;
    out.push({ id: p.id, label: p.label, top: y });
  });
  return out;
}
