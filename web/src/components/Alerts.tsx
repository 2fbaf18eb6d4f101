import type { Alert, PlanTrain } from '../api';
import { colourOf } from '../palette';
import { formatTime } from '../time';
import { alertKinds, words } from '../text';

/** Alerts, newest first. */
export function Alerts({ alerts, paths }: { alerts: Alert[]; paths: PlanTrain[] }) {
  if (alerts.length === 0) return <p className="empty" data-testid="no-alerts">No alert.</p>;
  const sorted = [...alerts].sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  return (
    <ul className="alerts" data-testid="alerts">
      {sorted.map((a) => {
        const index = paths.findIndex((p) => p.id === a.train);
        return (
          <li key={`${a.time}|${a.kind}|${a.train}|${a.message}`} className={`alert alert-${a.kind}`} data-kind={a.kind}>
            <span className="alert-time">{formatTime(a.time)}</span>
            <span className="alert-train" style={{ color: index >= 0 ? colourOf(index) : undefined }}>
              {a.train}
            </span>
            <span className="alert-kind">{alertKinds[a.kind] ?? words(a.kind)}</span>
            <span className="alert-message">{a.message}</span>
          </li>
        );
      })}
    </ul>
  );
}
