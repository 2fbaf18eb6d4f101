import { createContext, memo, useContext } from 'react';
import { humanise, isShareKey, percent, words } from '../text';
import { formatTime, localise } from '../time';

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The plan's stop times (ISO with their places' offsets): a time the service wrote in UTC is shown at the offset of where the journey was. */
export const LocalTimes = createContext<string[]>([]);

/** Values that mean "not known" for a record whose check could not be made (a fuel stretch with no known tank). */
const unknownWhenUnchecked = /^(tank|usable|margin)/i;

function scalar(v: unknown, key = '', refs: string[] = [], record?: Record<string, unknown>): string {
  if (v === null || v === undefined) return '';
  if (record && record['checked'] === false && unknownWhenUnchecked.test(key)) return 'unknown';
  if (typeof v === 'string') return isoTime.test(v) ? formatTime(localise(v, refs)) : words(v);
  if (typeof v === 'number') {
    if (isShareKey(key)) return percent(v);
    return Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/\.?0+$/, '');
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => scalar(x, key, refs)).join(', ');
  return '';
}

const isScalar = (v: unknown) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null));

/**
 * Any other section the plan's view holds (for security: the sweep roster, the berths), drawn from its own keys: the
 * scalar fields as figures, lists of records as tables, nested lists inside a row as sub-tables. The page names
 * nothing itself, so it shows exactly what the view gives.
 */
function DataSectionView({ value }: { value: unknown }) {
  const refs = useContext(LocalTimes);
  if (isScalar(value)) return <p>{scalar(value, '', refs)}</p>;
  if (Array.isArray(value)) return <RecordTable rows={value as Record<string, unknown>[]} />;
  const obj = value as Record<string, unknown>;
  const scalars = Object.entries(obj).filter(([, v]) => isScalar(v));
  const nested = Object.entries(obj).filter(([, v]) => !isScalar(v));
  return (
    <div className="data-section">
      {scalars.length > 0 && (
        <dl className="figures">
          {scalars.map(([k, v]) => (
            <div key={k}>
              <dt>{humanise(k)}</dt>
              <dd>{scalar(v, k, refs, obj) || '—'}</dd>
            </div>
          ))}
        </dl>
      )}
      {nested.map(([k, v]) => (
        <details key={k} open={!Array.isArray(v) || v.length <= 12}>
          <summary>
            {humanise(k)} {Array.isArray(v) ? `(${v.length})` : ''}
          </summary>
          <DataSection value={v} />
        </details>
      ))}
    </div>
  );
}

function RecordTable({ rows }: { rows: Record<string, unknown>[] }) {
  const refs = useContext(LocalTimes);
  if (rows.length === 0) return <p className="empty">None.</p>;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r ?? {})))];
  const flat = columns.filter((c) => rows.every((r) => isScalar(r?.[c])));
  const deep = columns.filter((c) => !flat.includes(c));
  return (
    <table className="records">
      <thead>
        <tr>
          {flat.map((c) => (
            <th key={c}>{humanise(c)}</th>
          ))}
          {deep.map((c) => (
            <th key={c}>{humanise(c)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {flat.map((c) => (
              <td key={c}>{scalar(r?.[c], c, refs, r)}</td>
            ))}
            {deep.map((c) => (
              <td key={c} className="nested">
                <DataSection value={r?.[c]} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Redrawn only when its data changes, not on every live update. */
export const DataSection = memo(DataSectionView);
