import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, getJson, pathsOf, type Alert, type FeatureCollection, type LiveState, type Plan, type SpeedProfile, type Traffic } from '../api';
import { followEvents, type StreamStatus } from '../sse';
import { distanceKm, fractionAlong, type LonLat } from '../geo';
import { epochMs, formatTime } from '../time';
import { RouteMap } from './RouteMap';
import { SpaceTimeChart, type Track } from './SpaceTime';
import { SpeedChart } from './SpeedChart';
import { Timetables } from './Timetables';
import { Alerts } from './Alerts';
import { Changes, Orders } from './Orders';
import { TrainsPanel } from './TrainsPanel';
import { DataSection, LocalTimes } from './DataSection';
import { humanise, words } from '../text';

/** Top-level plan fields this view draws itself; any other field the view holds is shown as a generic section. */
const drawn = new Set(['view', 'title', 'purpose', 'trains', 'reservedPaths', 'gaugeChanges', 'tractionChanges', 'clearanceOrders', 'summary']);

const emptyLive: LiveState = { asOf: null, trains: [], alerts: [] };

function alertKey(a: Alert) {
  return `${a.time}|${a.kind}|${a.train}|${a.message}`;
}

/** The security and dispatcher console: map, charts, timetables, orders and alerts, kept live by the event stream. */
export function OperationsView({ plan, planId, token, onUnauthorized }: { plan: Plan; planId: string; token: string; onUnauthorized: () => void }) {
  const base = `api/plans/${encodeURIComponent(planId)}`;
  // The speed profile reveals the consist: only the security view may see it (the service's need-to-know policy).
  const seesSpeed = plan.view === 'security';
  const [map, setMap] = useState<FeatureCollection | null>(null);
  const [speed, setSpeed] = useState<SpeedProfile | null>(null);
  const [traffic, setTraffic] = useState<Traffic | null>(null);
  const [live, setLive] = useState<LiveState>(emptyLive);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [errors, setErrors] = useState<string[]>([]);
  const history = useRef(new Map<string, { t: number; km: number }[]>());
  const [historyVersion, setHistoryVersion] = useState(0);

  const applyLive = (state: LiveState) => {
    let grew = false;
    for (const t of state.trains ?? []) {
      const p = t.position;
      const ms = epochMs(p?.time);
      if (!p || ms === null || typeof p.km !== 'number') continue;
      const list = history.current.get(t.id) ?? [];
      if (!list.some((x) => x.t === ms)) {
        list.push({ t: ms, km: p.km });
        list.sort((a, b) => a.t - b.t);
        history.current.set(t.id, list);
        grew = true;
      }
    }
    if (grew) setHistoryVersion((v) => v + 1);
    setLive({ asOf: state.asOf ?? null, trains: (state.trains ?? []).map((t) => ({ ...t, position: t.position ?? null, stops: t.stops ?? [], delaySeconds: t.delaySeconds ?? null })), alerts: state.alerts ?? [] });
    mergeAlerts(state.alerts ?? []);
  };

  const mergeAlerts = (more: Alert[]) =>
    setAlerts((current) => {
      const seen = new Set(current.map(alertKey));
      const added = more.filter((a) => !seen.has(alertKey(a)));
      return added.length ? [...current, ...added] : current;
    });

  useEffect(() => {
    const ac = new AbortController();
    const fail = (what: string) => (e: unknown) => {
      if (ac.signal.aborted) return;
      if (e instanceof ApiError && e.status === 401) onUnauthorized();
      else setErrors((l) => [...l, `${what}: ${e instanceof Error ? e.message : String(e)}`]);
    };
    getJson<FeatureCollection>(`${base}/map`, token, ac.signal).then(setMap, fail('map'));
    if (seesSpeed) getJson<SpeedProfile>(`${base}/speed`, token, ac.signal).then(setSpeed, fail('speed profile'));
    getJson<Traffic>(`${base}/traffic`, token, ac.signal).then(setTraffic, fail('regular traffic'));
    getJson<LiveState>(`${base}/live`, token, ac.signal).then(applyLive, fail('live state'));
    const stop = followEvents(
      `${base}/events`,
      token,
      (e) => {
        try {
          if (e.event === 'live') applyLive(JSON.parse(e.data) as LiveState);
          else if (e.event === 'alert') mergeAlerts([JSON.parse(e.data) as Alert]);
        } catch {
          /* a malformed event is skipped; the next live state replaces it */
        }
      },
      setStatus,
    );
    return () => {
      ac.abort();
      stop();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [base, token]);

  const paths = pathsOf(plan);
  const totalKm = useMemo(() => routeLengthKm(plan, map, speed), [plan, map, speed]);
  const stationKm = useMemo(() => placesKm(map, totalKm), [map, totalKm]);

  const tracks: Track[] = useMemo(
    () =>
      paths.map((p, i) => ({
        id: p.id,
        index: i,
        stops: p.stops,
        live: live.trains.find((t) => t.id === p.id) ?? null,
        history: history.current.get(p.id) ?? [],
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [paths, live, historyVersion],
  );

  const stopTimes = useMemo(() => paths.flatMap((p) => p.stops.flatMap((s) => [s.arrival, s.departure])).filter((x): x is string => !!x), [paths]);
  const extra = Object.keys(plan).filter((k) => !drawn.has(k) && plan[k] !== null && typeof plan[k] === 'object');

  return (
    <LocalTimes.Provider value={stopTimes}>
    <div className="ops" data-view={plan.view}>
      <section className="status-strip">
        {plan.purpose && <span className="purpose" data-testid="purpose">{plan.purpose}</span>}
        <span className={`stream stream-${status}`} data-testid="stream-status">
          live feed: {status}
        </span>
        <span className="as-of" data-testid="as-of">
          {live.asOf ? `as of ${formatTime(live.asOf)}` : 'no position report yet'}
        </span>
        {plan.summary && <SummaryFigures summary={plan.summary} />}
      </section>
      {errors.length > 0 && (
        <ul className="error" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="grid">
        <section className="panel map-panel">
          <h2>Route map</h2>
          {map ? <RouteMap map={map} tracks={tracks} /> : <p className="empty">loading the map…</p>}
        </section>
        <section className="panel alerts-panel">
          <h2>Alerts</h2>
          <Alerts alerts={alerts} paths={paths} />
        </section>
      </div>
      <section className="panel">
        <h2>Space-time chart</h2>
        <SpaceTimeChart tracks={tracks} stationKm={stationKm} totalKm={totalKm} traffic={traffic} />
      </section>
      {seesSpeed && (
        <section className="panel">
          <h2>Speed against distance</h2>
          {speed ? <SpeedChart profile={speed} tracks={tracks} stationKm={stationKm} /> : <p className="empty">loading the speed profile…</p>}
        </section>
      )}
      <section className="panel">
        <h2>Timetables</h2>
        <Timetables tracks={tracks} />
      </section>
      <TrainsPanel paths={paths} />
      <section className="panel">
        <h2>Clearance orders</h2>
        <Orders orders={plan.clearanceOrders ?? []} />
      </section>
      <Changes title="Gauge changes" changes={plan.gaugeChanges ?? []} testId="gauge-changes" />
      <Changes title="Traction changes" changes={plan.tractionChanges ?? []} testId="traction-changes" />
      {extra.map((k) => (
        <section className="panel" key={k} data-section={k}>
          <h2>{humanise(k)}</h2>
          <DataSection value={plan[k]} />
        </section>
      ))}
    </div>
    </LocalTimes.Provider>
  );
}

function SummaryFigures({ summary }: { summary: Record<string, unknown> }) {
  return (
    <dl className="summary">
      {Object.entries(summary)
        .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
        .map(([k, v]) => (
          <div key={k}>
            <dt>{humanise(k)}</dt>
            <dd>{typeof v === 'string' ? words(v) : String(v)}</dd>
          </div>
        ))}
    </dl>
  );
}


function routeLine(map: FeatureCollection | null): LonLat[] {
  const f = map?.features.find((x) => x.geometry.type === 'LineString');
  return f && f.geometry.type === 'LineString' ? f.geometry.coordinates : [];
}

/** The route's length in km: the plan's own figure when it has one, else the speed profile's end, else the line's. */
function routeLengthKm(plan: Plan, map: FeatureCollection | null, speed: SpeedProfile | null): number {
  const fromPlan = plan.summary?.['distanceKm'];
  if (typeof fromPlan === 'number' && fromPlan > 0) return fromPlan;
  const ends = speed?.trains.flatMap((t) => t.points.map((p) => p.km)) ?? [];
  if (ends.length) return Math.max(...ends);
  const line = routeLine(map);
  let km = 0;
  for (let i = 1; i < line.length; i++) km += distanceKm(line[i - 1], line[i]);
  return km;
}

/** Kilometre of every named place along the route: the map's own `km` when present, else its projection on the line. */
function placesKm(map: FeatureCollection | null, totalKm: number): Map<string, number> {
  const out = new Map<string, number>();
  const line = routeLine(map);
  for (const f of map?.features ?? []) {
    if (f.geometry.type !== 'Point' || !f.properties.name) continue;
    const km = typeof f.properties.km === 'number' ? f.properties.km : fractionAlong(line, f.geometry.coordinates) * totalKm;
    out.set(f.properties.name, km);
  }
  return out;
}
