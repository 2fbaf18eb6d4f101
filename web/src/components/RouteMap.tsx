import type { FeatureCollection } from '../api';
import { fitProjection, type LonLat } from '../geo';
import { colourOf } from '../palette';
import { formatTime } from '../time';
import type { Track } from './SpaceTime';

const W = 1000;
const H = 560;

/** The route drawn from the service's GeoJSON in SVG (no tiles, no network), with the trains at their last reported positions. */
export function RouteMap({ map, tracks }: { map: FeatureCollection; tracks: Track[] }) {
  const lines = map.features.flatMap((f) => (f.geometry.type === 'LineString' ? [f.geometry.coordinates] : []));
  const places = map.features.flatMap((f) => (f.geometry.type === 'Point' ? [{ at: f.geometry.coordinates, name: f.properties.name ?? '', kind: f.properties.kind ?? 'station', km: f.properties.km }] : []));
  const all: LonLat[] = [...lines.flat(), ...places.map((p) => p.at)];
  if (all.length === 0) return <p className="empty">The map has no geometry.</p>;
  const proj = fitProjection(all, W, H, 40);
  const pt = (p: LonLat) => `${proj.x(p).toFixed(1)},${proj.y(p).toFixed(1)}`;
  const onMap = tracks.filter((t) => t.live?.position);
  // Names are written from the most important places down, each only where it overlaps no name already written.
  // The two ends of the route first, then borders and gauge changes, then stations.
  const kms = places.map((p) => p.km).filter((k): k is number => typeof k === 'number');
  const ends = new Set([Math.min(...kms), Math.max(...kms)]);
  const rank = (p: { kind: string; km?: number }) => (typeof p.km === 'number' && ends.has(p.km) ? 0 : p.kind === 'loop' ? 9 : p.kind === 'station' ? 2 : 1);
  const written: { x: number; y: number; w: number }[] = [];
  const labelled = new Map<string, 'start' | 'end'>();
  for (const p of [...places].sort((a, b) => rank(a) - rank(b))) {
    if (p.kind === 'loop') continue;
    const y = proj.y(p.at);
    const w = p.name.length * 7.5;
    const free = (x: number) => !written.some((o) => Math.abs(o.y - y) < 15 && x < o.x + o.w && o.x < x + w);
    // Right of the dot if there is room, else left of it, else no name.
    const right = proj.x(p.at) + 8;
    const left = proj.x(p.at) - 8 - w;
    const side = free(right) ? 'start' : free(left) ? 'end' : null;
    if (!side) continue;
    written.push({ x: side === 'start' ? right : left, y, w });
    labelled.set(p.name, side);
  }

  return (
    <div className="map-wrap">
      <svg id="route-map" className="route-map" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label="route map">
        <rect x="0" y="0" width={W} height={H} className="map-bg" />
        {lines.map((l, i) => (
          <polyline key={i} className="route-line" points={l.map(pt).join(' ')} />
        ))}
        {places.map((p) => (
          <g key={`${p.name}-${p.at.join(',')}`} className={`place place-${p.kind}`} data-place={p.name}>
            <circle cx={proj.x(p.at)} cy={proj.y(p.at)} r={p.kind === 'loop' ? 2.5 : 5} />
            {labelled.has(p.name) && (
              <text x={proj.x(p.at) + (labelled.get(p.name) === 'end' ? -8 : 8)} y={proj.y(p.at) + 4} textAnchor={labelled.get(p.name)} className="place-name">
                {p.name}
              </text>
            )}
          </g>
        ))}
        <g className="map-legend" transform={`translate(16, ${H - 74})`}>
          {[
            ['station', 'station', 5],
            ['border', 'border', 5],
            ['gaugeChange', 'break of gauge', 5],
            ['loop', 'passing loop', 2.5],
          ].map(([kind, text, r], i) => (
            <g key={kind as string} className={`place place-${kind}`} transform={`translate(0, ${i * 17})`}>
              <circle cx={6} cy={0} r={r as number} />
              <text x={18} y={4} className="legend-text">
                {text}
              </text>
            </g>
          ))}
        </g>
        {onMap.map((t) => {
          const pos = t.live!.position!;
          const x = proj.x([pos.lon, pos.lat]);
          const y = proj.y([pos.lon, pos.lat]);
          return (
            <g key={t.id} className="train-marker" data-train={t.id} data-lat={pos.lat} data-lon={pos.lon} transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`}>
              <circle r={9} fill={colourOf(t.index)} className={pos.onRoute ? '' : 'off-route'} />
              {/* Trains minutes apart sit on one spot at this scale: their names are stacked, one line each. */}
              <text x={12} y={-12 + (t.index - 1) * 17} className="train-label" fill={colourOf(t.index)}>
                {t.id}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="positions" data-testid="positions">
        <thead>
          <tr>
            <th>Train</th>
            <th>Last report</th>
            <th>km</th>
            <th>km/h</th>
          </tr>
        </thead>
        <tbody>
          {tracks.map((t) => {
            const p = t.live?.position;
            return (
              <tr key={t.id} data-train={t.id}>
                <td>
                  <span className="swatch" style={{ background: colourOf(t.index) }} /> {t.id}
                </td>
                <td>{p ? formatTime(p.time) : 'none yet'}</td>
                <td>{p && typeof p.km === 'number' ? p.km.toFixed(1) : ''}</td>
                <td>{p && typeof p.speedKmh === 'number' ? p.speedKmh.toFixed(0) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
