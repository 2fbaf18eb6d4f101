// The route map's geometry: great-circle distances along the route and a flat projection fitted to a box.

export type LonLat = [number, number];

const earthRadiusKm = 6371.0088; // mean Earth radius (IUGG), km

/** Great-circle distance in km between two [lon, lat] points (haversine). */
export function distanceKm(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Where a point lies along a polyline, as a fraction 0..1 of its length: the nearest point on the nearest segment
 * (in the local flat approximation, good enough to order places along a route).
 */
export function fractionAlong(line: LonLat[], p: LonLat): number {
  if (line.length < 2) return 0;
  const cum: number[] = [0];
  for (let i = 1; i < line.length; i++) cum.push(cum[i - 1] + distanceKm(line[i - 1], line[i]));
  const total = cum[cum.length - 1] || 1;
  const k = Math.cos((p[1] * Math.PI) / 180);
  let best = Infinity;
  let at = 0;
  for (let i = 1; i < line.length; i++) {
    const ax = line[i - 1][0] * k, ay = line[i - 1][1];
    const bx = line[i][0] * k, by = line[i][1];
    const px = p[0] * k, py = p[1];
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
    const d = (ax + t * dx - px) ** 2 + (ay + t * dy - py) ** 2;
    if (d < best) {
      best = d;
      at = cum[i - 1] + t * (cum[i] - cum[i - 1]);
    }
  }
  return at / total;
}

export type Projection = { x: (p: LonLat) => number; y: (p: LonLat) => number };

/**
 * An equirectangular projection (longitudes shrunk by the cosine of the middle latitude) fitted inside a
 * width x height box with a margin, keeping the aspect ratio. Good for a route a few hundred km across.
 */
export function fitProjection(points: LonLat[], width: number, height: number, margin: number): Projection {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const minLon = Math.min(...lons), maxLon = Math.max(...lons);
  const minLat = Math.min(...lats), maxLat = Math.max(...lats);
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  return {
    x: (p) => offX + (p[0] - minLon) * k * scale,
    y: (p) => offY + (maxLat - p[1]) * scale,
  };
}
