// The service's API (docs/api.md). Every request carries the token as a Bearer header; the token lives in
// sessionStorage only (gone when the tab closes).

const tokenKey = 'console.token';

export const session = {
  get: (): string | null => sessionStorage.getItem(tokenKey),
  set: (token: string) => sessionStorage.setItem(tokenKey, token),
  clear: () => sessionStorage.removeItem(tokenKey),
};

export class ApiError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

/** GET a JSON document; throws ApiError with the problem's details (every listed problem) on a non-2xx answer. */
export async function getJson<T>(path: string, token: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, signal, cache: 'no-store' });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      const listed = Array.isArray(problem?.errors) ? problem.errors.map((e: { where?: string; what?: string }) => [e.where, e.what].filter(Boolean).join(': ')) : [];
      message = [problem?.title, ...listed].filter(Boolean).join('; ') || message;
    } catch {
      /* not a problem document */
    }
    throw new ApiError(response.status, message);
  }
  return (await response.json()) as T;
}

export type Me = { name: string; role: string };
export type PlanSummary = { id: string; title: string; createdAt: string; demo?: boolean; lastReportAt?: string | null };

/** The regular trains as cleared (GET /api/plans/{id}/traffic): each front's points, time ISO with offset, km along the corridor. */
export type Traffic = { trains: { id: string; points: { time: string; km: number }[] }[] };

export type Stop = { station: string; arrival: string | null; departure: string | null; activity?: string };
export type PlanTrain = { id: string; role?: string; name?: string; consist?: string[]; stops: Stop[] };
export type Change = { place: string; what: string; start: string; end: string; train: string };
export type Plan = {
  view: string;
  title: string;
  purpose?: string;
  trains?: PlanTrain[];
  reservedPaths?: PlanTrain[];
  gaugeChanges?: Change[];
  tractionChanges?: Change[];
  clearanceOrders?: string[];
  summary?: Record<string, unknown>;
  [key: string]: unknown;
};

export type Feature = {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: [number, number][] } | { type: 'Point'; coordinates: [number, number] };
  properties: { kind?: string; name?: string; km?: number; [k: string]: unknown };
};
export type FeatureCollection = { type: 'FeatureCollection'; features: Feature[] };

export type SpeedProfile = { trains: { id: string; points: { km: number; speedKmh: number; limitKmh: number }[] }[] };

export type LivePosition = { time: string; lat: number; lon: number; km: number; speedKmh: number | null; onRoute: boolean };
export type LiveStop = {
  station: string;
  plannedArrival: string | null;
  plannedDeparture: string | null;
  actualArrival: string | null;
  actualDeparture: string | null;
  forecastArrival: string | null;
  forecastDeparture: string | null;
};
export type LiveTrain = { id: string; role?: string; position: LivePosition | null; delaySeconds: number | null; stops: LiveStop[] };
export type Alert = { time: string; kind: string; train: string; message: string };
export type LiveState = { asOf: string | null; trains: LiveTrain[]; alerts: Alert[] };

/** The trains of an operations view: the named trains (security) or the reserved paths (dispatcher). */
export function pathsOf(plan: Plan): PlanTrain[] {
  return plan.reservedPaths ?? plan.trains ?? [];
}
