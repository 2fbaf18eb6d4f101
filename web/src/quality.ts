/** How good a decision of the plan is, as the plan JSON gives it (summary.clearance, sweeps). */
export type Quality = { objective?: number; bound?: number; gapPercent?: number | null; method?: string; unit?: string; inWords?: string };

function figure(x: number | undefined): string {
  if (typeof x !== 'number') return '?';
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/**
 * The decision's quality in words: "proven optimal", "within 3.2 % of optimal (time limit reached)", "within 75 % of
 * optimal (first come, first served)", with the objective against its bound. Null when the object says nothing of it.
 */
export function qualityInWords(q: unknown): string | null {
  if (q === null || typeof q !== 'object') return null;
  const x = q as Quality;
  if (typeof x.method !== 'string') return null;
  const words = x.method === 'optimal' ? 'proven optimal' : (x.inWords ?? 'optimality not known') + (x.method === 'bounded' ? ' (time limit reached)' : ' (first come, first served)');
  return `${words}: ${figure(x.objective)} ${x.unit ?? ''}, lower bound ${figure(x.bound)}`.replace(/\s+,/, ',');
}
