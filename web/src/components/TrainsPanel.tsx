import { memo } from 'react';
import type { PlanTrain } from '../api';
import { colourOf } from '../palette';

/**
 * What the view tells about each train beyond its times: role, name and consist, when the view holds them. A view
 * without them (the dispatcher's reserved paths) shows no such panel at all.
 */
function TrainsPanelView({ paths }: { paths: PlanTrain[] }) {
  const known = paths.filter((p) => p.role || p.name || (p.consist && p.consist.length));
  if (known.length === 0) return null;
  return (
    <section className="panel" data-testid="trains-panel">
      <h2>Trains</h2>
      <div className="train-cards">
        {known.map((p) => (
          <div className="train-card" key={p.id} data-train={p.id} style={{ borderColor: colourOf(paths.indexOf(p)) }}>
            <h3>
              {p.id}
              {p.role && <span className="train-role"> · {p.role}</span>}
            </h3>
            {p.name && <p className="train-name">{p.name}</p>}
            {p.consist && p.consist.length > 0 && (
              <ul className="consist">
                {p.consist.map((c, i) => (
                  <li key={i}>{c}</li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

/** Redrawn only when its data changes, not on every live update. */
export const TrainsPanel = memo(TrainsPanelView);
