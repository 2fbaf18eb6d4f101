import type { LiveStop } from '../api';
import { colourOf } from '../palette';
import { dayText, epochMs, formatDelay, timeParts } from '../time';
import type { Track } from './SpaceTime';

function rowsOf(track: Track): LiveStop[] {
  if (track.live?.stops?.length) return track.live.stops;
  return track.stops.map((s) => ({
    station: s.station,
    plannedArrival: s.arrival,
    plannedDeparture: s.departure,
    actualArrival: null,
    actualDeparture: null,
    forecastArrival: null,
    forecastDeparture: null,
  }));
}

/** Delay at a stop: actual (or else forecast) against planned, departure first, in seconds. */
function stopDelay(s: LiveStop): number | null {
  const pairs: [string | null, string | null][] = [
    [s.actualDeparture ?? s.forecastDeparture, s.plannedDeparture],
    [s.actualArrival ?? s.forecastArrival, s.plannedArrival],
  ];
  for (const [seen, planned] of pairs) {
    const a = epochMs(seen);
    const p = epochMs(planned);
    if (a !== null && p !== null) return (a - p) / 1000;
  }
  return null;
}

function headline(delay: number | null | undefined): string {
  if (delay === null || delay === undefined) return 'no report yet';
  const text = formatDelay(delay);
  return text === 'on time' ? text : `delay ${text}`;
}

/**
 * A time in a dense table: the clock, with the day and the UTC offset written only where they change from the cell
 * above in the same column (the first row has both), so every cell stays narrow and still reads in full.
 */
function Cell({ value, above, className }: { value: string | null; above: string | null; className?: string }) {
  const t = timeParts(value);
  if (!t) return <td className={className} />;
  const prev = timeParts(above);
  const day = !prev || prev.date !== t.date;
  const off = !prev || prev.offset !== t.offset;
  return (
    <td className={className} title={value ?? undefined}>
      {day && <span className="cell-day">{dayText(t.date)} </span>}
      {t.clock}
      {off && <span className="cell-off"> {t.offset}</span>}
    </td>
  );
}

/** The last non-empty value of a column above row i. */
function above(rows: LiveStop[], i: number, pick: (s: LiveStop) => string | null): string | null {
  for (let k = i - 1; k >= 0; k--) {
    const v = pick(rows[k]);
    if (v) return v;
  }
  return null;
}

const columns: [string, (s: LiveStop) => string | null, string?][] = [
  ['Planned arr.', (s) => s.plannedArrival],
  ['Planned dep.', (s) => s.plannedDeparture],
  ['Actual arr.', (s) => s.actualArrival, 'actual'],
  ['Actual dep.', (s) => s.actualDeparture, 'actual'],
  ['Forecast arr.', (s) => s.forecastArrival, 'forecast'],
  ['Forecast dep.', (s) => s.forecastDeparture, 'forecast'],
];

/** One timetable per train: planned, actual and forecast times at every stop, each in the offset of its place. */
export function Timetables({ tracks }: { tracks: Track[] }) {
  return (
    <div className="timetables">
      {tracks.map((t) => (
        <div className="timetable-block" key={t.id}>
          <h3>
            <span className="swatch" style={{ background: colourOf(t.index) }} /> {t.id}{' '}
            <span className="delay" data-testid={`delay-${t.id}`}>
              {headline(t.live?.delaySeconds)}
            </span>
          </h3>
          <table className="timetable" data-train={t.id}>
            <thead>
              <tr>
                <th>Station</th>
                {columns.map(([title]) => (
                  <th key={title}>{title}</th>
                ))}
                <th>Delay</th>
              </tr>
            </thead>
            <tbody>
              {rowsOf(t).map((s, i, rows) => {
                const d = stopDelay(s);
                return (
                  <tr key={`${s.station}-${i}`} data-station={s.station}>
                    <td>{s.station}</td>
                    {columns.map(([title, pick, cls]) => (
                      <Cell key={title} value={pick(s)} above={above(rows, i, pick)} className={cls} />
                    ))}
                    <td className={d !== null && d >= 60 ? 'late' : ''}>{formatDelay(d)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
