import { useEffect, useRef, useState } from 'react';
import { PathLayer, SpaceTimeChart as OsrdChart } from '@osrd-project/ui-spacetimechart';
import { actualPoints, forecastPoints, plannedPoints, type Track } from './spaceTimePoints';
import { colourOf } from '../palette';
import { epochMs, offsetMinutes } from '../time';
import type { Traffic } from '../api';
import { spread, textWidth } from '../layout';

export type { Track } from './spaceTimePoints';

const HEIGHT = 460;
const CAPTIONS = 40; // the library's time captions under the plot
const TOP = 10;
const PLOT = HEIGHT - CAPTIONS - 20;

// OSRD's chart picks which time captions to write from the pixels per minute (its breakpoints) and a list of ranges
// (10 s ... 24 h). Its default writes 5-minute captions 14 px apart at 3 px/min, which overlap. Here a range is
// captioned only where its captions stand at least 56 px apart at the densest scale of the band (a "HH:mm" caption is
// about 35 px wide at 12 px).
const BREAKPOINTS = [0.2, 0.4, 0.8, 2.4, 12, 32, 72, Infinity];
const RANGES_MIN = [1 / 6, 0.5, 1, 5, 15, 30, 60, 180, 360, 720, 1440];
const captionPriorities = BREAKPOINTS.map((_, i) => {
  const densest = i === 0 ? 0.05 : BREAKPOINTS[i - 1];
  const first = RANGES_MIN.findIndex((r, k) => k >= 4 && r * densest >= 56);
  return RANGES_MIN.map((_, k) => (first >= 0 && k >= first ? 1 : 0));
});

/**
 * The space-time chart, drawn by OSRD's ui-spacetimechart (canvas): plan solid and thin, actuals thick, forecast
 * dashed, the regular traffic as cleared in grey beneath. The library writes its hour captions in the browser's zone, so
 * times are handed to it shifted to show the wall clock at the offset of the first departure (written beside the
 * chart); nothing else is converted. The "3 h either side" window also narrows the distance axis to the stretch the
 * trains cover in it.
 */
export function SpaceTimeChart({ tracks, stationKm, totalKm, traffic }: { tracks: Track[]; stationKm: Map<string, number>; totalKm: number; traffic: Traffic | null }) {
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
  const firstPlace = tracks.flatMap((t) => t.stops).find((s) => s.departure ?? s.arrival)?.station ?? '';
  const refOffset = firstTime ? offsetMinutes(firstTime) ?? 0 : 0;
  const shift = (ms: number) => ms + refOffset * 60000 + new Date(ms).getTimezoneOffset() * 60000;
  const sign = refOffset < 0 ? '-' : '+';
  const offsetText = `${sign}${String(Math.floor(Math.abs(refOffset) / 60)).padStart(2, '0')}:${String(Math.abs(refOffset) % 60).padStart(2, '0')}`;

  const lastReport = Math.max(-Infinity, ...tracks.flatMap((t) => t.history.map((h) => h.t)));
  const around = range === 'now' && Number.isFinite(lastReport);
  const t0 = around ? lastReport - 3 * 3600_000 : Math.min(...times);
  const t1 = around ? lastReport + 3 * 3600_000 : Math.max(...times);
  const margin = around ? 0 : (t1 - t0) * 0.02;

  const paths = tracks.flatMap((t, i) => {
    const c = colourOf(t.index);
    const list = [
      { id: `${t.id}-plan`, label: t.id, points: planned[i], colour: c, level: 2 as const },
      { id: `${t.id}-actual`, label: '', points: actualPoints(t, stationKm), colour: c, level: 1 as const },
      { id: `${t.id}-forecast`, label: '', points: forecastPoints(t, stationKm), colour: c, level: 3 as const },
    ];
    return list.filter((p) => p.points.length >= 2);
  });
  const regular = (traffic?.trains ?? [])
    .map((r) => ({ id: `regular-${r.id}`, points: r.points.flatMap((p) => (epochMs(p.time) === null ? [] : [{ time: epochMs(p.time)!, position: p.km * 1000 }])) }))
    .filter((r) => r.points.length >= 2 && r.points[r.points.length - 1].time >= t0 - 3600_000 && r.points[0].time <= t1 + 3600_000);

  // The distance axis: the whole line, or in the window the stretch the convoy's points in it cover (a little wider).
  let km0 = 0;
  let km1 = totalKm;
  if (around) {
    const inWindow = paths.flatMap((p) => p.points).filter((p) => p.time >= t0 && p.time <= t1).map((p) => p.position / 1000);
    if (inWindow.length) {
      const lo = Math.min(...inWindow);
      const hi = Math.max(...inWindow);
      const pad = Math.max((hi - lo) * 0.08, 2);
      km0 = Math.max(0, lo - pad);
      km1 = Math.min(totalKm, hi + pad);
    }
  }
  const stops = new Set(tracks.flatMap((t) => t.stops.map((s) => s.station)));
  const operationalPoints = [...stationKm.entries()]
    .filter(([name, km]) => stops.has(name) && km >= km0 - 1e-6 && km <= km1 + 1e-6)
    .sort((a, b) => a[1] - b[1])
    .map(([name, km]) => ({ id: name, label: name, position: km * 1000, importanceLevel: 1 }));
  const ready = width > 0 && times.length >= 2 && km1 > km0;
  const y = (km: number) => TOP + ((km - km0) / (km1 - km0)) * PLOT;

  // Every place's name beside the chart, spread apart with a leader to its line when moved (never left out).
  const sideWidth = Math.ceil(Math.max(60, ...operationalPoints.map((p) => textWidth(p.label, 12))) + 26);
  const placed = spread(operationalPoints.map((p) => y(p.position / 1000)), 14, 6, HEIGHT - CAPTIONS);

  return (
    <div className="stc-block" style={{ gridTemplateColumns: `${sideWidth}px minmax(0, 1fr)` }}>
      <div className="stc-range" role="group" aria-label="time window">
        <button type="button" className={range === 'all' ? 'on' : ''} onClick={() => setRange('all')}>
          Whole journey
        </button>
        <button type="button" className={range === 'now' ? 'on' : ''} disabled={!Number.isFinite(lastReport)} onClick={() => setRange('now')}>
          3 h either side of the last report
        </button>
      </div>
      <svg className="stc-side" id="space-time-places" width={sideWidth} height={HEIGHT} viewBox={`0 0 ${sideWidth} ${HEIGHT}`} aria-hidden="true">
        {operationalPoints.map((p, i) => {
          const at = y(p.position / 1000);
          return (
            <g key={p.id} className="stc-place" data-place={p.id}>
              {Math.abs(placed[i] - at) > 1 && <line className="stc-leader" x1={sideWidth - 14} y1={placed[i]} x2={sideWidth} y2={at} />}
              <text x={sideWidth - 16} y={placed[i] + 4} textAnchor="end">
                {p.label}
              </text>
            </g>
          );
        })}
      </svg>
      <div
        className="stc"
        id="space-time"
        ref={wrap}
        style={{ height: HEIGHT }}
        data-paths={paths.map((p) => p.id).join(' ')}
        data-regular={regular.length}
        data-km={`${km0.toFixed(1)}-${km1.toFixed(1)}`}
        data-actual-points={paths.filter((p) => p.id.endsWith('-actual')).reduce((n, p) => n + p.points.length, 0)}
      >
        {ready && (
          <OsrdChart
            operationalPoints={operationalPoints}
            spaceOrigin={km0 * 1000}
            spaceScales={[{ to: km1 * 1000, size: PLOT }]}
            timeOrigin={shift(t0 - margin)}
            timeScale={(t1 - t0 + 2 * margin) / width}
            yOffset={TOP}
            theme={{
              background: '#10161f',
              pathsStyles: { fontSize: 12, fontFamily: 'system-ui, sans-serif' },
              spaceGraduationsStyles: { 1: { width: 0.5, color: '#6b7d93', opacity: 0.8 } },
              timeCaptionsPriorities: captionPriorities,
              timeCaptionsStyles: {
                1: { color: '#b9c6d3', font: '12px system-ui, sans-serif', topOffset: 11 },
                2: { color: '#8fa1b3', font: '12px system-ui, sans-serif', topOffset: 9 },
                3: { color: '#8fa1b3', font: '10px system-ui, sans-serif', topOffset: 6 },
                4: { color: '#8fa1b3', font: '8px system-ui, sans-serif', topOffset: 8 },
              },
            }}
          >
            {regular.map((r) => (
              <PathLayer key={r.id} path={{ id: r.id, label: '', points: r.points.map((q) => ({ time: shift(q.time), position: q.position })) }} color="#4a5868" level={2} />
            ))}
            {paths.map((p) => (
              <PathLayer key={p.id} path={{ id: p.id, label: p.label, points: p.points.map((q) => ({ time: shift(q.time), position: q.position })) }} color={p.colour} level={p.level} />
            ))}
          </OsrdChart>
        )}
      </div>
      <p className="chart-note">
        Times on the axis: local time at {firstPlace || 'the first departure'} ({offsetText}). Thin lines: plan; thick: actual; dashed: forecast; grey: regular trains as cleared.
      </p>
    </div>
  );
}
