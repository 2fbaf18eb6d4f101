// Clock times are shown in the offset their ISO-8601 string carries (the zone of the place), never converted to the
// browser's zone: "2019-04-23T06:32:47+09:00" is shown "2019-04-23 06:32 +09:00".

const iso = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** "2019-04-23 06:32 +09:00" from an ISO-8601 time with offset; "" for null; the input itself when it is not ISO. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const m = iso.exec(value);
  if (!m) return value;
  const offset = m[4] === 'Z' ? '+00:00' : m[4];
  return `${m[1]} ${m[2]} ${offset}`;
}

/** The same without the date, for dense tables: "06:32 +09:00". */
export function formatClock(value: string | null | undefined): string {
  const full = formatTime(value);
  const space = full.indexOf(' ');
  return iso.test(value ?? '') ? full.slice(space + 1) : full;
}

/** The offset of an ISO time in minutes east of UTC (+09:00 gives 540), or null when there is none. */
export function offsetMinutes(value: string): number | null {
  const m = iso.exec(value);
  if (!m) return null;
  if (m[4] === 'Z') return 0;
  const sign = m[4][0] === '-' ? -1 : 1;
  return sign * (Number(m[4].slice(1, 3)) * 60 + Number(m[4].slice(4, 6)));
}

/** Epoch milliseconds of an ISO time, or null. */
export function epochMs(value: string | null | undefined): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/** A delay in seconds as people read it: "on time", "+4 min", "-2 min", "+1 h 05 min". */
export function formatDelay(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '';
  const minutes = Math.round(seconds / 60);
  if (minutes === 0) return 'on time';
  const sign = minutes > 0 ? '+' : '-';
  const a = Math.abs(minutes);
  if (a < 60) return `${sign}${a} min`;
  return `${sign}${Math.floor(a / 60)} h ${String(a % 60).padStart(2, '0')} min`;
}

/** The parts of an ISO time with offset as shown in dense tables: date "2019-04-23", clock "06:32", offset "+09:00". */
export function timeParts(value: string | null | undefined): { date: string; clock: string; offset: string } | null {
  if (!value) return null;
  const m = iso.exec(value);
  if (!m) return null;
  return { date: m[1], clock: m[2], offset: m[4] === 'Z' ? '+00:00' : m[4] };
}

/** "Tue 23 Apr" from "2019-04-23" (the calendar date as written, no zone arithmetic). */
export function dayText(date: string): string {
  const [y, mo, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[t.getUTCDay()]} ${d} ${months[mo - 1]}`;
}

/**
 * An instant the service wrote in UTC ("…Z" or "+00:00"), rewritten at the offset of the place the journey was at
 * then: the offset of the latest of <paramref name="references"/> (the plan's stop times, each with its place's
 * offset) at or before it, else of the first. Times that carry another offset are returned unchanged.
 */
export function localise(value: string, references: string[]): string {
  const m = iso.exec(value);
  if (!m || (m[4] !== 'Z' && m[4] !== '+00:00')) return value;
  const at = Date.parse(value);
  let best: { t: number; off: number } | null = null;
  let first: { t: number; off: number } | null = null;
  for (const r of references) {
    const off = offsetMinutes(r);
    const t = epochMs(r);
    if (off === null || t === null) continue;
    if (!first || t < first.t) first = { t, off };
    if (t <= at && (!best || t > best.t)) best = { t, off };
  }
  const use = best ?? first;
  if (!use || Number.isNaN(at)) return value;
  const local = new Date(at + use.off * 60000).toISOString().slice(0, 19);
  const sign = use.off < 0 ? '-' : '+';
  const a = Math.abs(use.off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
