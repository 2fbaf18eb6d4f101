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

    /// <summary>Rough width of a label in pixels (no font metrics offline: 0.58 em per character).</summary>
    public static double TextWidth(string s, double fontSize) => s.Length * fontSize * 0.58;

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
