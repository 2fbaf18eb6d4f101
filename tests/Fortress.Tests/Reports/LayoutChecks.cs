using System.Text.Json;
using Microsoft.Playwright;

namespace Fortress.Tests.Reports;

/// <summary>
/// Layout checks run in the browser on drawn SVG figures (the report's and the console's): every label inside its
/// figure and overlapping no other label, and a scale bar inside its map and shorter than half of it. They measure
/// what chromium actually drew (getBoundingClientRect), so they fail on any route whose labels the layout got wrong.
/// </summary>
internal static class LayoutChecks
{
    /// <summary>
    /// Labels (SVG text) of the figures matching the selector: each inside its figure's box, and no two of a figure
    /// overlapping by more than 2 px both ways (a text box includes the font's line gap, so labels set a line apart
    /// touch). Returns one line per problem.
    /// </summary>
    private const string LabelsScript = """
        (selector) => {
          const out = [];
          const shown = (el) => { const s = getComputedStyle(el); return s.display !== 'none' && s.visibility !== 'hidden' && Number(s.opacity) > 0; };
          for (const svg of document.querySelectorAll(selector)) {
            const f = svg.getBoundingClientRect();
            if (f.width === 0 || f.height === 0) continue;
            const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim().length > 0 && shown(t));
            const boxes = texts.map(t => ({ text: t.textContent.trim(), r: t.getBoundingClientRect() }));
            for (const b of boxes)
              if (b.r.left < f.left - 1 || b.r.right > f.right + 1 || b.r.top < f.top - 1 || b.r.bottom > f.bottom + 1)
                out.push(`${svg.id || svg.getAttribute('class')}: "${b.text}" is outside the figure (${Math.round(b.r.left - f.left)},${Math.round(b.r.top - f.top)} to ${Math.round(b.r.right - f.left)},${Math.round(b.r.bottom - f.top)} in ${Math.round(f.width)}x${Math.round(f.height)})`);
            for (let i = 0; i < boxes.length; i++)
              for (let j = i + 1; j < boxes.length; j++) {
                const a = boxes[i].r, b = boxes[j].r;
                const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                if (w > 2 && h > 2) out.push(`${svg.id || svg.getAttribute('class')}: "${boxes[i].text}" overlaps "${boxes[j].text}" (${Math.round(w)}x${Math.round(h)} px)`);
              }
          }
          return out;
        }
        """;

    private const string ScaleBarScript = """
        (selector) => {
          const out = [];
          for (const svg of document.querySelectorAll(selector)) {
            const f = svg.getBoundingClientRect();
            const bars = svg.querySelectorAll('.scale-bar');
            if (bars.length === 0) { out.push(`${svg.id}: no scale bar`); continue; }
            for (const bar of bars) {
              const r = bar.getBoundingClientRect();
              if (r.left < f.left || r.right > f.right || r.top < f.top || r.bottom > f.bottom) out.push(`${svg.id}: the scale bar is outside the map`);
              if (r.width > f.width / 2) out.push(`${svg.id}: the scale bar spans ${Math.round(r.width)} of ${Math.round(f.width)} px`);
              if (r.width < 20) out.push(`${svg.id}: the scale bar is only ${Math.round(r.width)} px long`);
            }
          }
          return out;
        }
        """;

    public static async Task<IReadOnlyList<string>> LabelProblems(IPage page, string selector = "svg") =>
        (await page.EvaluateAsync<JsonElement>(LabelsScript, selector)).EnumerateArray().Select(e => e.GetString()!).ToList();

    public static async Task<IReadOnlyList<string>> ScaleBarProblems(IPage page, string selector) =>
        (await page.EvaluateAsync<JsonElement>(ScaleBarScript, selector)).EnumerateArray().Select(e => e.GetString()!).ToList();

    /// <summary>
    /// Tables whose content is cut off or needs a horizontal scroll at the page's width: a cell reaching past the right
    /// edge of the viewport or of its scroll box. One line per table.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CutOffColumns(IPage page) =>
        (await page.EvaluateAsync<JsonElement>("""
            () => {
              const out = [];
              const vw = document.documentElement.clientWidth;
              for (const t of document.querySelectorAll('table')) {
                const r = t.getBoundingClientRect();
                if (r.width === 0) continue;
                let box = t.parentElement;
                while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
                const limit = Math.min(vw, box ? box.getBoundingClientRect().right : vw);
                const last = [...t.querySelectorAll('th, td')].reduce((m, c) => Math.max(m, c.getBoundingClientRect().right), 0);
                if (last > limit + 1) out.push(`table ${t.className || t.getAttribute('data-train') || ''}: cells reach ${Math.round(last)} px, the view ends at ${Math.round(limit)} px`);
              }
              return out;
            }
            """)).EnumerateArray().Select(e => e.GetString()!).ToList();
}
