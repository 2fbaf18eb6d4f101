import { useMemo, useState } from 'react';
import type { Plan } from '../api';
import { formatClock, formatTime } from '../time';
import { Changes, Orders } from './Orders';
import { humanise, words } from '../text';

function localKey(t: { stops: { departure: string | null; arrival: string | null }[] }): string {
  const first = t.stops[0];
  return (first?.departure ?? first?.arrival ?? '').slice(0, 16);
}

/** The public timetable and the changes to it, worded as the public view words them; nothing else. */
export function PublicView({ plan }: { plan: Plan }) {
  const [filter, setFilter] = useState('');
  // In local departure order (the wall clock at each train's first station), not by the instant: a train leaving
  // 06:10 at +10:00 comes after one leaving 05:50 at +09:00, as a passenger reads the board.
  const trains = useMemo(
    () => [...(plan.trains ?? [])].sort((a, b) => localKey(a).localeCompare(localKey(b)) || a.id.localeCompare(b.id)),
    [plan.trains],
  );
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    if (!f) return trains;
    return trains.filter((t) => t.id.toLowerCase().includes(f) || (t.name ?? '').toLowerCase().includes(f) || t.stops.some((s) => s.station.toLowerCase().includes(f)));
  }, [trains, filter]);

  return (
    <div className="public" data-view={plan.view}>
      <section className="panel">
        <h2>Changes</h2>
        <Orders orders={plan.clearanceOrders ?? []} />
        {plan.summary && (
          <dl className="summary">
            {Object.entries(plan.summary)
              .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
              .map(([k, v]) => (
                <div key={k}>
                  <dt>{humanise(k)}</dt>
                  <dd>{typeof v === 'string' ? words(v) : String(v)}</dd>
                </div>
              ))}
          </dl>
        )}
      </section>
      <Changes title="Gauge changes" changes={plan.gaugeChanges ?? []} testId="gauge-changes" />
      <Changes title="Traction changes" changes={plan.tractionChanges ?? []} testId="traction-changes" />
      <section className="panel">
        <h2>Timetable</h2>
        <label className="filter">
          Find a train or a station <input value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="filter" />
        </label>
        <p className="hint">
          {shown.length} of {trains.length} trains. Times are local to each station.
        </p>
        <table className="timetable public-timetable" data-testid="public-timetable">
          <thead>
            <tr>
              <th>Train</th>
              <th>Name</th>
              <th>From</th>
              <th>Departs</th>
              <th>To</th>
              <th>Arrives</th>
              <th>Calls at</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((t) => {
              const first = t.stops[0];
              const last = t.stops[t.stops.length - 1];
              return (
                <tr key={t.id} data-train={t.id}>
                  <td>{t.id}</td>
                  <td>{t.name}</td>
                  <td>{first?.station}</td>
                  <td>{formatTime(first?.departure ?? first?.arrival)}</td>
                  <td>{last?.station}</td>
                  <td>{formatTime(last?.arrival ?? last?.departure)}</td>
                  <td className="calls">
                    {t.stops
                      .slice(1, -1)
                      .filter((s) => s.activity !== 'pass')
                      .map((s) => `${s.station} ${formatClock(s.departure ?? s.arrival)}`)
                      .join(' · ')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
