import type { FeatureCollection } from '../api';
import { distanceKm, fitProjection, type LonLat } from '../geo';
import { colourOf } from '../palette';
import { formatTime } from '../time';
import { niceBelow, Occupied, textBox, type Box } from '../layout';
import type { Track } from './SpaceTime';

const W = 1000;
const H = 560;
const PLACE_FONT = 13;
const TRAIN_FONT = 15;

type Place = { at: LonLat; name: string; kind: string; km?: number };
type Label = { x: number; y: number; anchor: 'start' | 'end'; box: Box };

/**
 * The route drawn from the service's GeoJSON in SVG (no tiles, no network), with the trains at their last reported
 * positions. Every name is measured in the page's font and written only where it fits inside the map and overlaps no
 * other name, marker, the legend or the scale bar: the trains' names first (they are what the room watches), then the
 * ends of the route, borders and breaks of gauge, then the stations; a name with no room is left off (its dot stays).
 */
export function RouteMap({ map, tracks }: { map: FeatureCollection; tracks: Track[] }) {
  const lines = map.features.flatMap((f) => (f.geometry.type === 'LineString' ? [f.geometry.coordinates] : []));
  const places: Place[] = map.features.flatMap((f) => (f.geometry.type === 'Point' ? [{ at: f.geometry.coordinates, name: f.properties.name ?? '', kind: f.properties.kind ?? 'station', km: f.properties.km }] : []));
  const all: LonLat[] = [...lines.flat(), ...places.map((p) => p.at)];
  if (all.length === 0) return <p className="empty">The map has no geometry.</p>;
  const proj = fitProjection(all, W, H, 40);
  const pt = (p: LonLat) => `${proj.x(p).toFixed(1)},${proj.y(p).toFixed(1)}`;
  const onMap = tracks.filter((t) => t.live?.position);

  const taken = new Occupied({ x0: 2, y0: 2, x1: W - 2, y1: H - 2 });
  // The legend (bottom left) and the dots and markers take their room first.
  const legendTop = H - 74;
  taken.add({ x0: 8, y0: legendTop - 10, x1: 130, y1: H - 4 });
  for (const p of places) if (p.kind !== 'loop') taken.add({ x0: proj.x(p.at) - 6, y0: proj.y(p.at) - 6, x1: proj.x(p.at) + 6, y1: proj.y(p.at) + 6 });
  for (const t of onMap) {
    const pos = t.live!.position!;
    const [x, y] = [proj.x([pos.lon, pos.lat]), proj.y([pos.lon, pos.lat])];
    taken.add({ x0: x - 10, y0: y - 10, x1: x + 10, y1: y + 10 });
  }

  // The scale bar: a round length no longer than a fifth of the map, bottom right (or the first free corner).
  const [lon0, lat0] = all[0];
  const pxPerKm = Math.hypot(proj.x([lon0, lat0 + 0.01]) - proj.x([lon0, lat0]), proj.y([lon0, lat0 + 0.01]) - proj.y([lon0, lat0])) / distanceKm([lon0, lat0], [lon0, lat0 + 0.01]);
  const barKm = niceBelow((W * 0.2) / pxPerKm);
  const barPx = barKm * pxPerKm;
  const barText = barKm >= 1 ? `${barKm} km` : `${Math.round(barKm * 1000)} m`;
  let bar: { x: number; y: number } | null = null;
  for (const [x, y] of [
    [W - 16 - barPx, H - 16],
    [W - 16 - barPx, 30],
    [150, H - 16],
  ]) {
    const label = textBox(x + barPx / 2, y - 7, barText, 12, 'middle');
    const box = { x0: Math.min(x, label.x0) - 2, y0: label.y0 - 2, x1: Math.max(x + barPx, label.x1) + 2, y1: y + 4 };
    if (taken.free(box)) {
      taken.add(box);
      bar = { x, y };
      break;
    }
  }

  // Train names around their markers; stacked trains (minutes apart at this scale) take the next free spot.
  const trainLabels = new Map<string, Label>();
  for (const t of onMap) {
    const pos = t.live!.position!;
    const [x, y] = [proj.x([pos.lon, pos.lat]), proj.y([pos.lon, pos.lat])];
    const spots: [number, number, 'start' | 'end'][] = [];
    for (const dy of [-12, 5, 22, -29, 39, -46]) spots.push([x + 13, y + dy, 'start'], [x - 13, y + dy, 'end']);
    const got = taken.take(spots.map(([lx, ly, anchor]) => ({ x: lx, y: ly, anchor, box: textBox(lx, ly, t.id, TRAIN_FONT, anchor, 'bold') })));
    if (got) trainLabels.set(t.id, got);
  }

  // Then the places by importance: the two ends, borders and gauge changes, then stations.
  const kms = places.map((p) => p.km).filter((k): k is number => typeof k === 'number');
  const ends = new Set([Math.min(...kms), Math.max(...kms)]);
  const rank = (p: Place) => (typeof p.km === 'number' && ends.has(p.km) ? 0 : p.kind === 'station' ? 2 : 1);
  const placeLabels = new Map<Place, Label>();
  for (const p of [...places].sort((a, b) => rank(a) - rank(b))) {
    if (p.kind === 'loop' || !p.name) continue;
    const [x, y] = [proj.x(p.at), proj.y(p.at)];
    const spots: [number, number, 'start' | 'end'][] = [
      [x + 9, y + 4, 'start'],
      [x - 9, y + 4, 'end'],
      [x + 7, y - 9, 'start'],
      [x - 7, y - 9, 'end'],
      [x + 7, y + 17, 'start'],
      [x - 7, y + 17, 'end'],
    ];
    const got = taken.take(spots.map(([lx, ly, anchor]) => ({ x: lx, y: ly, anchor, box: textBox(lx, ly, p.name, PLACE_FONT, anchor) })));
    if (got) placeLabels.set(p, got);
  }

  return (
    <div className="map-wrap">
      <svg id="route-map" className="route-map" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label="route map">
        <rect x="0" y="0" width={W} height={H} className="map-bg" />
        {lines.map((l, i) => (
          <polyline key={i} className="route-line" points={l.map(pt).join(' ')} />
        ))}
        {places.map((p) => {
          const label = placeLabels.get(p);
          return (
            <g key={`${p.name}-${p.at.join(',')}`} className={`place place-${p.kind}`} data-place={p.name}>
              <circle cx={proj.x(p.at)} cy={proj.y(p.at)} r={p.kind === 'loop' ? 2.5 : 5} />
              {label && (
                <text x={label.x} y={label.y} textAnchor={label.anchor} className="place-name">
                  {p.name}
                </text>
              )}
            </g>
          );
        })}
        <g className="map-legend" transform={`translate(16, ${legendTop})`}>
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
        {bar && (
          <g className="map-scale">
            <line className="scale-bar" x1={bar.x} y1={bar.y} x2={bar.x + barPx} y2={bar.y} />
            <text className="scale-label" x={bar.x + barPx / 2} y={bar.y - 7} textAnchor="middle">
              {barText}
            </text>
          </g>
        )}
        {onMap.map((t) => {
          const pos = t.live!.position!;
          const x = proj.x([pos.lon, pos.lat]);
          const y = proj.y([pos.lon, pos.lat]);
          const label = trainLabels.get(t.id);
          return (
            <g key={t.id} className="train-marker" data-train={t.id} data-lat={pos.lat} data-lon={pos.lon} transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`}>
              <circle r={9} fill={colourOf(t.index)} className={pos.onRoute ? '' : 'off-route'} />
              {label && (
                <text x={label.x - x} y={label.y - y} textAnchor={label.anchor} className="train-label" fill={colourOf(t.index)}>
                  {t.id}
                </text>
              )}
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
