import type { LiveStop } from '../api';
import { colourOf } from '../palette';
import { epochMs, formatDelay, formatTime } from '../time';
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
                <th>Planned arr.</th>
                <th>Planned dep.</th>
                <th>Actual arr.</th>
                <th>Actual dep.</th>
                <th>Forecast arr.</th>
                <th>Forecast dep.</th>
                <th>Delay</th>
              </tr>
            </thead>
            <tbody>
              {rowsOf(t).map((s, i) => {
                const d = stopDelay(s);
                return (
                  <tr key={`${s.station}-${i}`} data-station={s.station}>
                    <td>{s.station}</td>
                    <td>{formatTime(s.plannedArrival)}</td>
                    <td>{formatTime(s.plannedDeparture)}</td>
                    <td className="actual">{formatTime(s.actualArrival)}</td>
                    <td className="actual">{formatTime(s.actualDeparture)}</td>
                    <td className="forecast">{formatTime(s.forecastArrival)}</td>
                    <td className="forecast">{formatTime(s.forecastDeparture)}</td>
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
