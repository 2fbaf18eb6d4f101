// Label layout shared by the page's SVG figures: text measured by the browser (canvas measureText, in the page's own
// font), boxes that must not overlap, and labels spread along an axis.

let ctx: CanvasRenderingContext2D | null | undefined;

/** Width in px of a text at a font size, as this browser draws it in the page's font; an estimate where there is no canvas (tests). */
export function textWidth(text: string, size: number, weight: 'normal' | 'bold' = 'normal'): number {
  if (ctx === undefined) {
    try {
      ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    } catch {
      ctx = null;
    }
  }
  if (!ctx) return text.length * size * (weight === 'bold' ? 0.66 : 0.6);
  const family = typeof document === 'undefined' ? 'sans-serif' : getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
  ctx.font = `${weight} ${size}px ${family}`;
  return ctx.measureText(text).width;
}

export type Box = { x0: number; y0: number; x1: number; y1: number };

export const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** The box of a text at (x, y) (its baseline) with an anchor: the font's line box, 0.93 em above and 0.24 em below. */
export function textBox(x: number, y: number, text: string, size: number, anchor: 'start' | 'middle' | 'end' = 'start', weight: 'normal' | 'bold' = 'normal'): Box {
  const w = textWidth(text, size, weight);
  const x0 = anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x;
  return { x0, y0: y - size * 0.93, x1: x0 + w, y1: y + size * 0.24 };
}

/** Boxes taken in a drawing of the given bounds: a label goes only where it is inside and overlaps nothing taken. */
export class Occupied {
  private boxes: Box[] = [];
  constructor(private bounds: Box) {}
  add(b: Box) {
    this.boxes.push(b);
  }
  free(b: Box): boolean {
    const o = this.bounds;
    return b.x0 >= o.x0 && b.y0 >= o.y0 && b.x1 <= o.x1 && b.y1 <= o.y1 && !this.boxes.some((x) => overlaps(x, b));
  }
  /** The first free candidate (taken), or null. */
  take<T extends { box: Box }>(candidates: T[]): T | null {
    for (const c of candidates)
      if (this.free(c.box)) {
        this.boxes.push(c.box);
        return c;
      }
    return null;
  }
}

/**
 * Positions along one axis, sorted, moved apart to at least `gap` and kept inside [min, max], each as near its wanted
 * place as the others allow (a crowded cluster is centred on its wanted places).
 */
export function spread(wanted: number[], gap: number, min: number, max: number): number[] {
  const n = wanted.length;
  const p = wanted.map((w) => Math.min(Math.max(w, min), max));
  for (let i = 1; i < n; i++) p[i] = Math.max(p[i], p[i - 1] + gap);
  if (n > 0 && p[n - 1] > max) p[n - 1] = max;
  for (let i = n - 2; i >= 0; i--) p[i] = Math.min(p[i], p[i + 1] - gap);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && p[j + 1] - p[j] <= gap + 1e-6) j++;
    if (j > i) {
      let shift = 0;
      for (let k = i; k <= j; k++) shift += wanted[k] - p[k];
      shift /= j - i + 1;
      let lo = min - p[i];
      let hi = max - p[j];
      if (i > 0) lo = Math.max(lo, p[i - 1] + gap - p[i]);
      if (j + 1 < n) hi = Math.min(hi, p[j + 1] - gap - p[j]);
      shift = lo <= hi ? Math.min(Math.max(shift, lo), hi) : 0;
      for (let k = i; k <= j; k++) p[k] += shift;
    }
    i = j + 1;
  }
  return p;
}

/** A round length (1, 2 or 5 times a power of ten) not above `limit`. */
export function niceBelow(limit: number): number {
  if (limit <= 0.01) return 0.01;
  const p = 10 ** Math.floor(Math.log10(limit));
  return limit >= 5 * p ? 5 * p : limit >= 2 * p ? 2 * p : p;
}
