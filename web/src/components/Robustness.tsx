import { useState } from 'react';
import { getJson } from '../api';
import { colourOf } from '../palette';
import { formatTime } from '../time';

/** The robustness study as GET /api/plans/{id}/robustness gives it (docs/api.md). */
export type Percentile = { arrival: string | null; delaySeconds: number | null };
export type Bin = { fromSeconds: number; toSeconds: number; runs: number };
export type ArrivalSpread = {
  train: string;
  station: string;
  plannedArrival: string;
  p50: Percentile;
  p90: Percentile;
  p99: Percentile;
  histogram: Bin[];
  notArrived: number;
  /** The train's largest delay at any stop on its way (seconds), over the runs: a delay made up later shows here. */
  largestDelayOnTheWay?: { p50: number | null; p90: number | null; p99: number | null };
};
export type Study = {
  runs: number;
  seed: number;
  trains: ArrivalSpread[];
  restrictiveAspectProbability: number | null;
  headwayBelowMinimumProbability: number | null;
  meanRegularDelaySeconds: number;
  p90RegularDelaySeconds: number;
  runsWithDeadlock: number;
};

const minutes = (s: number | null) => (s === null ? '' : `${s >= 0 ? '+' : '−'}${Math.abs(s / 60).toFixed(1)} min`);
const share = (p: number | null) => (p === null ? 'n/a' : `${(p * 100).toFixed(p < 0.1 ? 1 : 0)} %`);

/**
 * The robustness study (security): run on request (the service simulates a hundred days once, then keeps them), shown as
 * each train's arrival spread at its last stop, with its p50, p90 and p99, and the study's probabilities.
 */
export function Robustness({ base, token }: { base: string; token: string }) {
  const [study, setStudy] = useState<Study | null>(null);
  const [state, setState] = useState<'idle' | 'running' | 'failed'>('idle');
  const [error, setError] = useState('');
  const run = () => {
    setState('running');
    getJson<Study>(`${base}/robustness`, token).then(
      (s) => {
        setStudy(s);
        setState('idle');
      },
      (e) => {
        setError(e instanceof Error ? e.message : String(e));
        setState('failed');
      },
    );
  };
  const mc = study;
  if (!mc)
    return (
      <div data-testid="robustness">
        <p className="empty">
          How each train's arrival spreads over a hundred simulated days with ordinary delays (late regular trains, longer stops, trains
          short of their nominal performance).
        </p>
        <button type="button" onClick={run} disabled={state === 'running'} data-testid="run-robustness">
          {state === 'running' ? 'simulating a hundred days…' : 'Run the study'}
        </button>
        {state === 'failed' && <p className="error">{error}</p>}
      </div>
    );
  const all = mc.trains.flatMap((c) => c.histogram);
  const lo = Math.min(0, ...all.map((b) => b.fromSeconds)) / 60;
  const hi = Math.max(1, ...all.map((b) => b.toSeconds)) / 60;
  const width = 900;
  const left = 80;
  const right = 20;
  const rowHeight = 90;
  const pw = width - left - right;
  const x = (m: number) => left + ((m - lo) / (hi - lo)) * pw;
  const height = mc.trains.length * rowHeight + 44;
  const step = niceStep((hi - lo) / 6);
  const ticks: number[] = [];
  for (let m = Math.ceil(lo / step) * step; m <= hi + 1e-9; m += step) ticks.push(m);
  return (
    <div data-testid="robustness">
      <p>
        {mc.runs} simulated days (seed {mc.seed}): a train meets a restrictive aspect in {share(mc.restrictiveAspectProbability)} of
        them; two of these trains come closer than their minimum headway in {share(mc.headwayBelowMinimumProbability)}; delay imposed on regular
        trains: mean {Math.round(mc.meanRegularDelaySeconds / 60)} min, p90 {Math.round(mc.p90RegularDelaySeconds / 60)} min
        {mc.runsWithDeadlock > 0 ? `; ${mc.runsWithDeadlock} runs ended in a deadlock` : ''}.
      </p>
      <table className="study" data-testid="robustness-table">
        <thead>
          <tr>
            <th>Train</th>
            <th>At</th>
            <th>Planned</th>
            <th>p50</th>
            <th>p90</th>
            <th>p99</th>
            <th title="Each run's largest delay at any stop on the way, made up later or not">p90 at any stop</th>
          </tr>
        </thead>
        <tbody>
          {mc.trains.map((c) => (
            <tr key={c.train}>
              <td>{c.train}</td>
              <td>{c.station}</td>
              <td>{formatTime(c.plannedArrival)}</td>
              {[c.p50, c.p90, c.p99].map((p, i) => (
                <td key={i}>{p.arrival ? `${formatTime(p.arrival)} (${minutes(p.delaySeconds)})` : 'not arrived'}</td>
              ))}
              <td>{c.largestDelayOnTheWay?.p90 != null ? minutes(c.largestDelayOnTheWay.p90) : 'not arrived'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <svg viewBox={`0 0 ${width} ${height}`} className="arrival-spread" role="img" aria-label="Arrival delay at the last stop over the runs">
        {mc.trains.map((c, r) => {
          const y0 = r * rowHeight + 8;
          const ph = rowHeight - 24;
          const most = Math.max(1, ...c.histogram.map((b) => b.runs));
          return (
            <g key={c.train}>
              <rect x={left} y={y0 + 12} width={pw} height={ph} fill="#f8fafc" stroke="#94a3b8" />
              <text x={left - 8} y={y0 + 12 + ph / 2 + 4} textAnchor="end" fontSize={12}>
                {c.train}
              </text>
              {c.histogram
                .filter((b) => b.runs > 0)
                .map((b, i) => {
                  const h = (b.runs / most) * (ph - 4);
                  return (
                    <rect key={i} x={x(b.fromSeconds / 60)} y={y0 + 12 + ph - h} width={Math.max(1, x(b.toSeconds / 60) - x(b.fromSeconds / 60))} height={h}
                      fill={colourOf(r)} fillOpacity={0.45} stroke={colourOf(r)}>
                      <title>{`${(b.fromSeconds / 60).toFixed(1)} to ${(b.toSeconds / 60).toFixed(1)} min: ${b.runs} runs`}</title>
                    </rect>
                  );
                })}
              {(['p50', 'p90', 'p99'] as const).map((k) => {
                const d = c[k].delaySeconds;
                if (d === null) return null;
                return (
                  <g key={k}>
                    <line x1={x(d / 60)} x2={x(d / 60)} y1={y0 + 12} y2={y0 + 12 + ph} stroke="#1d4ed8" strokeDasharray="4 3" />
                    <title>{`${k}: ${minutes(d)}`}</title>
                  </g>
                );
              })}
            </g>
          );
        })}
        {ticks.map((m) => (
          <text key={m} x={x(m)} y={height - 20} textAnchor="middle" fontSize={11}>
            {`${m > 0 ? '+' : ''}${Number(m.toFixed(1))} min`}
          </text>
        ))}
        <text x={left + pw / 2} y={height - 4} textAnchor="middle" fontSize={11}>
          arrival delay at the last stop (dashed: p50, p90, p99)
        </text>
      </svg>
    </div>
  );
}

function niceStep(limit: number): number {
  if (limit <= 0.01) return 0.01;
  const p = Math.pow(10, Math.floor(Math.log10(limit)));
  return limit >= 5 * p ? 5 * p : limit >= 2 * p ? 2 * p : p;
}
