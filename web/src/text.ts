/** "trainsHeld" -> "Trains held": a field name of the API as a heading. */
export function humanise(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An enum-like value as words: "lateArrival" and "LateArrival" -> "late arrival"; other text unchanged. */
export function words(value: string): string {
  if (!/^[A-Za-z]+$/.test(value) || !/[a-z][A-Z]/.test(value)) return value;
  return value.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** What an alert kind means, for the alert list. */
export const alertKinds: Record<string, string> = {
  headway: 'too close behind',
  stoppedOutsideStation: 'stopped outside a station',
  offRoute: 'off the route',
  lateArrival: 'late arrival',
};

/** Keys whose numbers are shares of one (0.078 is 7.8 %): utilisation, shares, margins, gaps, fractions, ratios. */
export function isShareKey(key: string): boolean {
  return /(utili[sz]ation|share|margin|gap|fraction|ratio)$/i.test(key);
}

/** A share of one as a percentage with one decimal where it matters: 0.078 -> "7.8 %", 0.25 -> "25 %". */
export function percent(share: number): string {
  const p = share * 100;
  return `${Number.isInteger(Math.round(p * 10) / 10) ? Math.round(p) : p.toFixed(1)} %`;
}
