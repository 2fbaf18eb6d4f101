import { useMemo, useState } from 'react';
import type { Plan } from '../api';
import { formatClock, formatTime } from '../time';
import { Changes, Orders } from './Orders';
import { humanise } from '../text';
import { qualityInWords } from '../quality';

/** The public timetable and the changes to it, worded as the public view words them; nothing else. */
export function PublicView({ plan }: { plan: Plan }) {
  const [filter, setFilter] = useState('');
  const trains = plan.trains ?? [];
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
        {qualityInWords(plan.summary?.['clearance']) && (
          <p className="quality" data-testid="clearance-quality">
            These changes are {qualityInWords(plan.summary?.['clearance'])}.
          </p>
        )}
        {plan.summary && (
          <dl className="summary">
            {Object.entries(plan.summary)
              .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
              .map(([k, v]) => (
                <div key={k}>
                  <dt>{humanise(k)}</dt>
                  <dd>{String(v)}</dd>
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
