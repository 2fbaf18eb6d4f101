import { memo } from 'react';
import type { Change } from '../api';
import { formatTime } from '../time';

/** Clearance orders (or, for the public, the changes to regular trains) exactly as the plan words them. */
function OrdersView({ orders }: { orders: string[] }) {
  if (orders.length === 0) return <p className="empty">None.</p>;
  return (
    <ol className="orders" data-testid="orders">
      {orders.map((o, i) => (
        <li key={i}>{o}</li>
      ))}
    </ol>
  );
}

/** Gauge or traction changes: where, what, for which train, from when to when. */
function ChangesView({ title, changes, testId }: { title: string; changes: Change[]; testId: string }) {
  if (changes.length === 0) return null;
  return (
    <section className="panel" data-testid={testId}>
      <h2>{title}</h2>
      <table className="changes">
        <thead>
          <tr>
            <th>Place</th>
            <th>Train</th>
            <th>What</th>
            <th>Start</th>
            <th>End</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => (
            <tr key={i}>
              <td>{c.place}</td>
              <td>{c.train}</td>
              <td>{c.what}</td>
              <td>{formatTime(c.start)}</td>
              <td>{formatTime(c.end)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Redrawn only when its data changes, not on every live update. */
export const Orders = memo(OrdersView);

/** Redrawn only when its data changes, not on every live update. */
export const Changes = memo(ChangesView);
