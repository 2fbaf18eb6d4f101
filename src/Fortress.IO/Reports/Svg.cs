using System.Globalization;
using System.Net;
using System.Text;

namespace Fortress.IO.Reports;

/// <summary>Small helpers to write inline SVG and HTML: invariant numbers, escaping, label placement.</summary>
internal static class Svg
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A coordinate with one decimal (a tenth of a pixel is enough).</summary>
    public static string N(double v) => Math.Round(v, 1).ToString("0.#", Inv);

    public static string H(string s) => WebUtility.HtmlEncode(s);

    // Advance widths (1/1000 em) of the printable ASCII characters, space (32) to '~' (126), in DejaVu Sans, the font
    // Debian's chromium uses for system-ui, measured with canvas measureText at 1000 px (normal and bold). The other
    // fonts system-ui stands for (Segoe UI, Roboto, Helvetica, San Francisco) are narrower, so margins and collision
    // boxes from these widths are upper bounds: a label fits wherever they say it fits.
    private static readonly short[] Regular =
    [
        318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
        1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
        500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
    ];

    private static readonly short[] Bold =
    [
        348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
        1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
        500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
    ];

    /// <summary>
    /// Width of a label in pixels at <paramref name="fontSize"/> px: the sum of its characters' advance widths (DejaVu
    /// Sans, above). Letters with accents take their base letter's width (0.62 em on average); arrows and other
    /// symbols 0.84 em; CJK and Hangul a full em.
    /// </summary>
    public static double TextWidth(string s, double fontSize, bool bold = false)
    {
        var table = bold ? Bold : Regular;
        var em = 0.0;
        foreach (var c in s)
            em += c is >= ' ' and <= '~' ? table[c - ' '] : c >= '\u1100' && !(c >= '\u2000' && c <= '\u27ff') ? 1000 : c >= '\u2000' ? 840 : bold ? 680 : 620;
        return em * fontSize / 1000;
    }

    /// <summary>A label's box in the drawing's coordinates.</summary>
    public readonly record struct Box(double X0, double Y0, double X1, double Y1)
    {
        public bool Overlaps(Box o) => X0 < o.X1 && o.X0 < X1 && Y0 < o.Y1 && o.Y0 < Y1;
        public bool Inside(double x0, double y0, double x1, double y1) => X0 >= x0 && Y0 >= y0 && X1 <= x1 && Y1 <= y1;

        /// <summary>The box of a text at (x, y) (its baseline), anchored start, middle or end, at a font size.</summary>
        public static Box OfText(double x, double y, string text, double fontSize, string anchor = "start", bool bold = false)
        {
            var w = TextWidth(text, fontSize, bold);
            var x0 = anchor switch { "end" => x - w, "middle" => x - w / 2, _ => x };
            // The font's line box: ascent 0.93 em above the baseline, descent 0.24 em below (DejaVu Sans), as a browser measures it.
            return new Box(x0, y - fontSize * 0.93, x0 + w, y + fontSize * 0.24);
        }
    }

    /// <summary>
    /// The boxes already taken in a drawing (labels, markers), and its bounds: a label is written only where it fits
    /// inside the bounds and overlaps nothing written before it.
    /// </summary>
    public sealed class Occupied(double x0, double y0, double x1, double y1)
    {
        private readonly List<Box> boxes = [];

        public void Add(Box b) => boxes.Add(b);

        public bool Free(Box b) => b.Inside(x0, y0, x1, y1) && !boxes.Any(o => o.Overlaps(b));

        /// <summary>The first candidate that is free (and takes it), or null when none is.</summary>
        public Box? Take(IEnumerable<Box> candidates)
        {
            foreach (var c in candidates)
                if (Free(c)) { boxes.Add(c); return c; }
            return null;
        }
    }

    /// <summary>A white box behind a label, so lines under it do not strike through it.</summary>
    public static void Backdrop(StringBuilder sb, Box b, double pad = 1.5) =>
        sb.Append("<rect class=\"label-bg\" x=\"").Append(N(b.X0 - pad)).Append("\" y=\"").Append(N(b.Y0 - pad)).Append("\" width=\"").Append(N(b.X1 - b.X0 + 2 * pad))
          .Append("\" height=\"").Append(N(b.Y1 - b.Y0 + 2 * pad)).Append("\"/>\n");

    public static void Text(StringBuilder sb, double x, double y, string text, string cls, string anchor = "start", string? extra = null) =>
        sb.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" class=\"").Append(cls).Append("\" text-anchor=\"").Append(anchor).Append('"')
          .Append(extra is null ? "" : " " + extra).Append('>').Append(H(text)).Append("</text>\n");

    public static void Line(StringBuilder sb, double x1, double y1, double x2, double y2, string cls) =>
        sb.Append("<line x1=\"").Append(N(x1)).Append("\" y1=\"").Append(N(y1)).Append("\" x2=\"").Append(N(x2)).Append("\" y2=\"").Append(N(y2))
          .Append("\" class=\"").Append(cls).Append("\"/>\n");

    public static string Points(IEnumerable<(double X, double Y)> points)
    {
        var sb = new StringBuilder();
        foreach (var (x, y) in points) sb.Append(N(x)).Append(',').Append(N(y)).Append(' ');
        return sb.ToString().TrimEnd();
    }

    /// <summary>
    /// Drops points that move less than <paramref name="tolerance"/> pixels from the last kept one (the first and last
    /// points are always kept), so a long run draws with a few thousand points instead of tens of thousands.
    /// </summary>
    public static List<(double X, double Y)> Thin(IReadOnlyList<(double X, double Y)> points, double tolerance = 0.6)
    {
        var kept = new List<(double X, double Y)>(Math.Min(points.Count, 4096));
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (kept.Count == 0 || i == points.Count - 1) { kept.Add(p); continue; }
            var q = kept[^1];
            if (Math.Abs(p.X - q.X) >= tolerance || Math.Abs(p.Y - q.Y) >= tolerance) kept.Add(p);
        }
        return kept;
    }

    /// <summary>
    /// Spreads labels along one axis so that neighbours are at least <paramref name="gap"/> apart, staying inside
    /// [<paramref name="min"/>, <paramref name="max"/>] and as close as possible to their wanted positions.
    /// Input positions must be sorted; returns the placed positions in the same order.
    /// </summary>
    public static double[] Spread(IReadOnlyList<double> wanted, double gap, double min, double max)
    {
        var n = wanted.Count;
        var p = new double[n];
        for (var i = 0; i < n; i++) p[i] = Math.Clamp(wanted[i], min, max);
        // Forward pass pushes down, backward pass pulls back inside the range; then centre each crowded cluster.
        for (var i = 1; i < n; i++) p[i] = Math.Max(p[i], p[i - 1] + gap);
        if (n > 0 && p[^1] > max) p[^1] = max;
        for (var i = n - 2; i >= 0; i--) p[i] = Math.Min(p[i], p[i + 1] - gap);
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && p[j + 1] - p[j] <= gap + 1e-6) j++;
            if (j > i)
            {
                var shift = 0.0;
                for (var k = i; k <= j; k++) shift += wanted[k] - p[k];
                shift /= j - i + 1;
                var lo = min - p[i];
                var hi = max - p[j];
                if (i > 0) lo = Math.Max(lo, p[i - 1] + gap - p[i]);
                if (j + 1 < n) hi = Math.Min(hi, p[j + 1] - gap - p[j]);
                if (lo <= hi) shift = Math.Clamp(shift, lo, hi); else shift = 0;
                for (var k = i; k <= j; k++) p[k] += shift;
            }
            i = j + 1;
        }
        return p;
    }
}
