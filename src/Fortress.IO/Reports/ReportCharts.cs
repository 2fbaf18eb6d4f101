using System.Globalization;
using System.Text;
using Fortress.Planning;
using Fortress.Running;
using NodaTime;
using static Fortress.IO.Reports.Svg;

namespace Fortress.IO.Reports;

/// <summary>A train's path in a space-time chart: time (Unix seconds) and corridor position (km) of its front.</summary>
internal sealed record TrainLine(string Id, string Label, string Color, IReadOnlyList<(double T, double Km)> Points);

/// <summary>A place line of a chart: corridor position (km), name, whether the convoy halts there.</summary>
internal sealed record PlaceMark(double Km, string Name, bool Halt);

/// <summary>A vertical or horizontal marker: break of gauge, locomotive change, border.</summary>
internal sealed record EventMark(double Km, string Label, string Css);

/// <summary>The inline SVG figures of the plan report, drawn in C# from the plan (no script, no external asset).</summary>
internal static class ReportCharts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const double Width = 1100;

    // ---------------------------------------------------------------- space-time

    /// <summary>
    /// Time on x (labelled in local time: the first place's zone below, the last place's zone above when it differs),
    /// corridor position on y (origin at the top, place names as gridlines), one polyline per train; a halt is a flat
    /// stretch. <paramref name="window"/> limits the chart to part of the line and day (a detail).
    /// </summary>
    public static string SpaceTime(string id, string caption, IReadOnlyList<TrainLine> lines, IReadOnlyList<PlaceMark> places,
        IReadOnlyList<EventMark> events, DateTimeZone bottomZone, DateTimeZone topZone, double plotHeight,
        (double T0, double T1, double Km0, double Km1)? window = null, IReadOnlyList<TrainLine>? background = null)
    {
        var all = lines.SelectMany(l => l.Points).ToList();
        var (t0, t1, km0, km1) = window ?? (all.Min(p => p.T), all.Max(p => p.T), places.Min(p => p.Km), places.Max(p => p.Km));
        var shown = places.Where(p => p.Km >= km0 - 1e-9 && p.Km <= km1 + 1e-9).ToList();
        // The left margin holds the longest place name (measured), a gap, the km column and the leaders.
        const double kmColumn = 46, right = 24, top = 54, bottom = 58;
        var left = Math.Max(90, 8 + shown.Select(p => TextWidth(p.Name, 12, p.Halt)).DefaultIfEmpty(0).Max() + kmColumn);
        var pw = Width - left - right;
        var ph = plotHeight;
        var height = top + ph + bottom;
        double X(double t) => left + (t - t0) / (t1 - t0) * pw;
        double Y(double km) => top + (km - km0) / (km1 - km0) * ph;

        var sb = new StringBuilder();
        sb.Append("<figure class=\"chart\"><svg id=\"").Append(id).Append("\" class=\"space-time\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(height))
          .Append("\" role=\"img\" aria-label=\"").Append(H(caption)).Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        sb.Append("<defs><clipPath id=\"").Append(id).Append("-clip\"><rect x=\"").Append(N(left)).Append("\" y=\"").Append(N(top - 1)).Append("\" width=\"").Append(N(pw))
          .Append("\" height=\"").Append(N(ph + 2)).Append("\"/></clipPath></defs>\n");
        sb.Append("<rect x=\"").Append(N(left)).Append("\" y=\"").Append(N(top)).Append("\" width=\"").Append(N(pw)).Append("\" height=\"").Append(N(ph)).Append("\" class=\"plot\"/>\n");

        // Time axes: whole local hours in each zone.
        TimeAxis(sb, t0, t1, bottomZone, X, top, top + ph, below: true, grid: true);
        if (topZone.GetUtcOffset(Instant.FromUnixTimeSeconds((long)t0)) != bottomZone.GetUtcOffset(Instant.FromUnixTimeSeconds((long)t0)) || topZone.Id != bottomZone.Id)
            TimeAxis(sb, t0, t1, topZone, X, top, top + ph, below: false, grid: false);
        Text(sb, left + pw / 2, height - 8, $"local time at {places[0].Name} ({Offset(bottomZone, t0)}, {bottomZone.Id})", "axis-title", "middle");
        if (topZone.Id != bottomZone.Id)
            Text(sb, left + pw / 2, 14, $"local time at {places[^1].Name} ({Offset(topZone, t0)}, {topZone.Id})", "axis-title", "middle");

        // Places: a gridline each, names spread so that they never overlap.
        foreach (var p in shown) Line(sb, left, Y(p.Km), left + pw, Y(p.Km), p.Halt ? "grid-halt" : "grid");
        var placed = Spread(shown.Select(p => Y(p.Km) + 4).ToList(), 13, top + 4, top + ph + 4);
        for (var i = 0; i < shown.Count; i++)
        {
            var y = Y(shown[i].Km);
            if (Math.Abs(placed[i] - 4 - y) > 1) Line(sb, left - 12, placed[i] - 4, left, y, "leader");
            Text(sb, left - kmColumn, placed[i], shown[i].Name, shown[i].Halt ? "place halt" : "place", "end");
            Text(sb, left - 14, placed[i], shown[i].Km.ToString("0", Inv), "km", "end");
        }
        Text(sb, left - 14, top - 10, "km", "axis-title", "end");

        // Events: the border, breaks of gauge, locomotive changes; their labels at the right end, spread 15 px apart
        // (a line of 11 px text), each on a white backdrop so that the other events' lines do not strike through it.
        var shownEvents = events.Where(e => e.Km >= km0 && e.Km <= km1).OrderBy(e => e.Km).ToList();
        var labelY = Spread(shownEvents.Select(e => Y(e.Km) - 4).ToList(), 15, top + 12, top + ph - 4);
        foreach (var e in shownEvents) Line(sb, left, Y(e.Km), left + pw, Y(e.Km), "event " + e.Css);
        for (var i = 0; i < shownEvents.Count; i++)
        {
            var e = shownEvents[i];
            Backdrop(sb, Box.OfText(left + pw - 6, labelY[i], e.Label, 11, "end", bold: true));
            Text(sb, left + pw - 6, labelY[i], e.Label, "event-label " + e.Css, "end");
        }

        // The trains: regular traffic (as cleared) thin underneath, then the paths of this view.
        sb.Append("<g clip-path=\"url(#").Append(id).Append("-clip)\">\n");
        foreach (var l in background ?? [])
        {
            var pts = l.Points.Where(p => p.T >= t0 - 3600 && p.T <= t1 + 3600).Select(p => (X(p.T), Y(p.Km))).ToList();
            if (pts.Count < 2) continue;
            sb.Append("<polyline class=\"regular-path\" data-train=\"").Append(H(l.Id)).Append("\" stroke=\"").Append(l.Color)
              .Append("\" stroke-width=\"1\" fill=\"none\" opacity=\"0.7\" points=\"").Append(Points(Thin(pts))).Append("\"/>\n");
        }
        for (var k = 0; k < lines.Count; k++)
        {
            var l = lines[k];
            var pts = new List<(double X, double Y)>();
            var ps = l.Points;
            for (var i = 0; i < ps.Count; i++)
            {
                // Keep points inside the window and their neighbours, so lines leave the plot at its edges.
                var inside = ps[i].T >= t0 && ps[i].T <= t1 && ps[i].Km >= km0 && ps[i].Km <= km1;
                var near = inside || (i > 0 && In(ps[i - 1])) || (i + 1 < ps.Count && In(ps[i + 1]));
                if (near) pts.Add((X(ps[i].T), Y(ps[i].Km)));
            }
            sb.Append("<polyline class=\"train-path t").Append(k).Append("\" data-train=\"").Append(H(l.Id)).Append("\" stroke=\"").Append(l.Color)
              .Append("\" points=\"").Append(Points(Thin(pts))).Append("\"/>\n");
        }
        sb.Append("</g>\n");
        bool In((double T, double Km) p) => p.T >= t0 && p.T <= t1 && p.Km >= km0 && p.Km <= km1;

        sb.Append("</svg>");
        Legend(sb, lines.Select(l => (l.Color, l.Label)).Concat(background is { Count: > 0 } ? [(background[0].Color, "regular traffic, as cleared")] : []));
        sb.Append("<figcaption>").Append(H(caption)).Append("</figcaption></figure>\n");
        return sb.ToString();
    }

    private static void TimeAxis(StringBuilder sb, double t0, double t1, DateTimeZone zone, Func<double, double> x, double top, double bottom, bool below, bool grid)
    {
        var span = t1 - t0;
        double[] steps = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
        var step = steps.FirstOrDefault(s => span / s <= 14, 86400);
        var off = zone.GetUtcOffset(Instant.FromUnixTimeSeconds((long)t0)).Seconds;
        var first = Math.Ceiling((t0 + off) / step) * step;
        string? lastDate = null;
        var dates = new List<(double X, string Text, bool Midnight)>();
        for (var local = first; local - off <= t1 + 1e-6; local += step)
        {
            var t = local - off;
            var xx = x(t);
            var ldt = Instant.FromUnixTimeSeconds((long)Math.Round(t)).InZone(zone).LocalDateTime;
            var date = ldt.ToString("ddd d MMM", Inv);
            if (grid) Line(sb, xx, top, xx, bottom, ldt.Hour == 0 && ldt.Minute == 0 ? "grid-day" : "grid-time");
            Line(sb, xx, below ? bottom : top, xx, below ? bottom + 5 : top - 5, "tick");
            Text(sb, xx, below ? bottom + 18 : top - 9, ldt.ToString("HH:mm", Inv), "time", "middle");
            if (date != lastDate && below)
            {
                dates.Add((xx, date, ldt.Hour == 0 && ldt.Minute == 0));
                lastDate = date;
            }
        }
        // The dates under the hours: where two would overlap (the first tick just before a midnight), the day that
        // begins at the midnight keeps its place and the earlier one moves left, or is left out if it cannot.
        for (var i = 0; i < dates.Count; i++)
        {
            var (xx, text, _) = dates[i];
            var w = TextWidth(text, 11, bold: true);
            if (i + 1 < dates.Count && xx + w / 2 + 6 > dates[i + 1].X - TextWidth(dates[i + 1].Text, 11, true) / 2)
            {
                var moved = dates[i + 1].X - TextWidth(dates[i + 1].Text, 11, true) / 2 - 6 - w / 2;
                if (moved - w / 2 < x(t0) - 40) continue;
                xx = moved;
            }
            Text(sb, xx, bottom + 31, text, "date", "middle");
        }
    }

    private static string Offset(DateTimeZone zone, double t) =>
        NodaTime.Text.OffsetPattern.CreateWithInvariantCulture("+HH:mm").Format(zone.GetUtcOffset(Instant.FromUnixTimeSeconds((long)t)));

    /// <summary>
    /// The frame of a chart against distance: the plot area, horizontal grid lines every <paramref name="ystep"/> up to
    /// <paramref name="ymax"/> with their values, kilometre ticks (10, 50 or 100 km apart by the span), and both axis titles.
    /// </summary>
    internal static void DistanceFrame(StringBuilder sb, double left, double top, double pw, double ph, double km0, double km1,
        Func<double, double> X, Func<double, double> Y, double ymax, double ystep, string yTitle, double xTitleGap)
    {
        sb.Append("<rect x=\"").Append(N(left)).Append("\" y=\"").Append(N(top)).Append("\" width=\"").Append(N(pw)).Append("\" height=\"").Append(N(ph)).Append("\" class=\"plot\"/>\n");
        for (var v = 0.0; v <= ymax + 1e-9; v += ystep)
        {
            Line(sb, left, Y(v), left + pw, Y(v), "grid");
            Text(sb, left - 6, Y(v) + 4, v.ToString("0", Inv), "time", "end");
        }
        // Kilometre ticks at a round step giving at most twelve of them, from 0.1 km (a station throat) to 100 km.
        var kmStep = NiceBelow(Math.Max((km1 - km0) / 6, 0.1));
        var digits = kmStep >= 1 ? "0" : "0.#";
        for (var i = (long)Math.Ceiling(km0 / kmStep - 1e-9); i * kmStep <= km1 + 1e-9; i++)
        {
            var k = i * kmStep;
            Line(sb, X(k), top + ph, X(k), top + ph + 5, "tick");
            Text(sb, X(k), top + ph + 18, k.ToString(digits, Inv), "time", "middle");
        }
        Text(sb, left + pw / 2, top + ph + xTitleGap, "distance from the origin (km)", "axis-title", "middle");
        Text(sb, 12, top + ph / 2, yTitle, "axis-title", "middle", $"transform=\"rotate(-90 12 {N(top + ph / 2)})\"");
    }

    internal static void Legend(StringBuilder sb, IEnumerable<(string Color, string Label)> items)
    {
        sb.Append("<div class=\"legend\">");
        foreach (var (color, label) in items)
            sb.Append("<span><i style=\"background:").Append(color).Append("\"></i>").Append(H(label)).Append("</span>");
        sb.Append("</div>");
    }

    // ---------------------------------------------------------------- speed-distance

    /// <summary>
    /// The main train's run envelope (front position → speed, every leg) against the line speed limits, with the
    /// breaks of gauge, locomotive changes and the border as vertical lines and the places along the top.
    /// </summary>
    public static string SpeedDistance(string id, string caption, IReadOnlyList<(double Km, double Kmh)> envelope,
        IReadOnlyList<(double Km, double Kmh)> limits, IReadOnlyList<PlaceMark> places, IReadOnlyList<EventMark> events, string runLabel, string runColor)
    {
        const double left = 64, right = 24, bottom = 46, ph = 300;
        // The place names stand vertically above the plot: the top margin is the longest of them (measured) and its leader.
        var top = 30 + places.Select(p => TextWidth(p.Name, 12, p.Halt)).DefaultIfEmpty(40).Max();
        var pw = Width - left - right;
        var height = top + ph + bottom;
        var km0 = places.Min(p => p.Km);
        var km1 = places.Max(p => p.Km);
        var vmax = Math.Ceiling((Math.Max(limits.Max(l => l.Kmh), envelope.Max(e => e.Kmh)) + 5) / 20) * 20;
        double X(double km) => left + (km - km0) / (km1 - km0) * pw;
        double Y(double kmh) => top + ph - kmh / vmax * ph;

        var sb = new StringBuilder();
        sb.Append("<figure class=\"chart\"><svg id=\"").Append(id).Append("\" class=\"speed-distance\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(height))
          .Append("\" role=\"img\" aria-label=\"").Append(H(caption)).Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        DistanceFrame(sb, left, top, pw, ph, km0, km1, X, Y, vmax, 20, "speed (km/h)", 38);

        // Places along the top, vertical, spread apart (a 12 px line of text is 14 px thick).
        var placed = Spread(places.Select(p => X(p.Km)).ToList(), 14, left + 10, left + pw);
        for (var i = 0; i < places.Count; i++)
        {
            var x = X(places[i].Km);
            Line(sb, x, top, x, top + ph, places[i].Halt ? "grid-halt" : "grid");
            if (Math.Abs(placed[i] - x) > 1) Line(sb, placed[i], top - 14, x, top, "leader");
            Text(sb, placed[i] + 4, top - 16, places[i].Name, places[i].Halt ? "place halt" : "place", "start", $"transform=\"rotate(-90 {N(placed[i] + 4)} {N(top - 16)})\"");
        }

        // Limits (stepped, shaded) and the run.
        var lim = new List<(double X, double Y)>();
        foreach (var (km, kmh) in limits) lim.Add((X(km), Y(kmh)));
        sb.Append("<polygon class=\"limit-area\" points=\"").Append(N(X(km0))).Append(',').Append(N(Y(0))).Append(' ').Append(Points(lim)).Append(' ')
          .Append(N(X(km1))).Append(',').Append(N(Y(0))).Append("\"/>\n");
        sb.Append("<polyline class=\"line-limit\" points=\"").Append(Points(lim)).Append("\"/>\n");
        sb.Append("<polyline class=\"run-envelope\" stroke=\"").Append(runColor).Append("\" points=\"")
          .Append(Points(MinMaxPerPixel(envelope.Select(e => (X(e.Km), Y(e.Kmh))).ToList()))).Append("\"/>\n");

        // Events, labels stacked in rows so that neighbours do not overlap.
        var rows = new List<List<(double A, double B)>>();
        foreach (var e in events) Line(sb, X(e.Km), top, X(e.Km), top + ph, "event " + e.Css);
        foreach (var e in events.OrderBy(e => e.Km))
        {
            var x = X(e.Km);
            var w = TextWidth(e.Label, 11, bold: true) + 8;
            var rightSide = x + w < left + pw;
            var span = rightSide ? (A: x, B: x + w) : (A: x - w, B: x);
            var r = rows.FindIndex(row => row.All(o => o.B < span.A || span.B < o.A));
            if (r < 0) { rows.Add([]); r = rows.Count - 1; }
            rows[r].Add(span);
            var (lx, ly, anchor) = (rightSide ? x + 4 : x - 4, top + 16 + r * 15, rightSide ? "start" : "end");
            Backdrop(sb, Box.OfText(lx, ly, e.Label, 11, anchor, bold: true));
            Text(sb, lx, ly, e.Label, "event-label " + e.Css, anchor);
        }
        sb.Append("</svg>");
        Legend(sb, [(runColor, runLabel), ("#8b96a3", "line speed limit")]);
        sb.Append("<figcaption>").Append(H(caption)).Append("</figcaption></figure>\n");
        return sb.ToString();
    }

    /// <summary>Keeps, per pixel column, the first, lowest, highest and last point, so that braking curves survive thinning.</summary>
    private static List<(double X, double Y)> MinMaxPerPixel(IReadOnlyList<(double X, double Y)> pts)
    {
        var result = new List<(double X, double Y)>();
        var i = 0;
        while (i < pts.Count)
        {
            var col = Math.Floor(pts[i].X);
            var j = i;
            while (j + 1 < pts.Count && Math.Floor(pts[j + 1].X) == col) j++;
            var idx = new SortedSet<int> { i, j };
            var lo = i;
            var hi = i;
            for (var k = i; k <= j; k++)
            {
                if (pts[k].Y < pts[lo].Y) lo = k;
                if (pts[k].Y > pts[hi].Y) hi = k;
            }
            idx.Add(lo);
            idx.Add(hi);
            foreach (var k in idx) result.Add(pts[k]);
            i = j + 1;
        }
        return result;
    }

    // ---------------------------------------------------------------- map

    /// <summary>
    /// The route from the places' coordinates, equirectangular with longitudes scaled by the cosine of the mid
    /// latitude (no tiles, no coastline: only what the scenario knows), a graticule every degree, a dot per place
    /// (larger where the convoy halts), names placed where they do not collide, and the border.
    /// </summary>
    public static string Map(string id, string caption, IReadOnlyList<(string Name, string Country, double Lat, double Lon, bool Halt)> route)
    {
        const double height = 640, pad = 36;
        var latMin = route.Min(p => p.Lat);
        var latMax = route.Max(p => p.Lat);
        var lonMin = route.Min(p => p.Lon);
        var lonMax = route.Max(p => p.Lon);
        var k = Math.Cos((latMin + latMax) / 2 * Math.PI / 180);
        var spanX = Math.Max((lonMax - lonMin) * k, 1e-6);
        var spanY = Math.Max(latMax - latMin, 1e-6);
        // Leave room for names on the right and the left.
        var scale = Math.Min((Width - 2 * pad - 200) / spanX, (height - 2 * pad) / spanY);
        // As wide as the route needs, with room for names on both sides.
        var width = Math.Min(Width, spanX * scale + 2 * pad + 320);
        var ox = (width - spanX * scale) / 2;
        var oy = (height - spanY * scale) / 2;
        double X(double lon) => ox + (lon - lonMin) * k * scale;
        double Y(double lat) => oy + (latMax - lat) * scale;

        var sb = new StringBuilder();
        sb.Append("<figure class=\"chart\"><svg id=\"").Append(id).Append("\" class=\"route-map\" style=\"max-width: ").Append(N(width)).Append("px\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height))
          .Append("\" role=\"img\" aria-label=\"").Append(H(caption)).Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        sb.Append("<rect x=\"0\" y=\"0\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(height)).Append("\" class=\"map-bg\"/>\n");
        double Y2Lat(double y) => latMax - (y - oy) / scale;
        double X2Lon(double x) => lonMin + (x - ox) / (k * scale);

        // The graticule at a step that fits the map's own extent (three to eight lines across the larger side).
        var step = GraticuleStep(Math.Max(X2Lon(width) - X2Lon(0), Y2Lat(0) - Y2Lat(height)));
        var decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
        var latLines = new List<double>();
        var lonLines = new List<double>();
        for (var lat = Math.Floor(Y2Lat(height) / step) * step; lat <= Y2Lat(0) + 1e-9; lat += step)
            if (Y(lat) > 0 && Y(lat) < height) { Line(sb, 0, Y(lat), width, Y(lat), "graticule"); latLines.Add(lat); }
        for (var lon = Math.Floor(X2Lon(0) / step) * step; lon <= X2Lon(width) + 1e-9; lon += step)
            if (X(lon) > 0 && X(lon) < width) { Line(sb, X(lon), 0, X(lon), height, "graticule"); lonLines.Add(lon); }

        sb.Append("<polyline class=\"route\" points=\"").Append(Points(route.Select(p => (X(p.Lon), Y(p.Lat))))).Append("\"/>\n");

        // Every label is written only where it fits inside the map and overlaps nothing written before it.
        var occupied = new Occupied(2, 2, width - 2, height - 2);
        var borders = new List<(double X, double Y, string Label)>();
        for (var i = 0; i + 1 < route.Count; i++)
        {
            if (route[i].Country == route[i + 1].Country) continue;
            var bx = (X(route[i].Lon) + X(route[i + 1].Lon)) / 2;
            var by = (Y(route[i].Lat) + Y(route[i + 1].Lat)) / 2;
            sb.Append("<g class=\"border-mark\"><circle cx=\"").Append(N(bx)).Append("\" cy=\"").Append(N(by)).Append("\" r=\"9\"/>");
            Line(sb, bx - 6, by - 6, bx + 6, by + 6, "border-x");
            Line(sb, bx - 6, by + 6, bx + 6, by - 6, "border-x");
            sb.Append("</g>\n");
            occupied.Add(new Box(bx - 10, by - 10, bx + 10, by + 10));
            borders.Add((bx, by, $"border {route[i].Country} | {route[i + 1].Country}"));
        }

        // The route line takes room too: small boxes every 4 px along it, so that no name is written across the line.
        for (var i = 0; i + 1 < route.Count; i++)
        {
            var (ax, ay, bx2, by2) = (X(route[i].Lon), Y(route[i].Lat), X(route[i + 1].Lon), Y(route[i + 1].Lat));
            var n = Math.Max(1, (int)(Math.Sqrt((bx2 - ax) * (bx2 - ax) + (by2 - ay) * (by2 - ay)) / 4));
            for (var j = 0; j <= n; j++)
            {
                var (px, py) = (ax + (bx2 - ax) * j / n, ay + (by2 - ay) * j / n);
                occupied.Add(new Box(px - 2, py - 2, px + 2, py + 2));
            }
        }

        // Dots first (labels must not cover them), then names by importance: halts first, then borders, then the rest.
        foreach (var p in route)
        {
            sb.Append("<circle class=\"").Append(p.Halt ? "station-dot halt" : "station-dot").Append("\" cx=\"").Append(N(X(p.Lon))).Append("\" cy=\"").Append(N(Y(p.Lat)))
              .Append("\" r=\"").Append(p.Halt ? "5" : "3.5").Append("\" data-place=\"").Append(H(p.Name)).Append("\"/>\n");
            occupied.Add(new Box(X(p.Lon) - 5, Y(p.Lat) - 5, X(p.Lon) + 5, Y(p.Lat) + 5));
        }

        // The scale bar: a round length (1, 2 or 5 times a power of ten km) no longer than a quarter of the map, in
        // the first free corner; one km is scale / 111.32 px (a degree of latitude is 111.32 km).
        var pxPerKm = scale / 111.32;
        var barKm = NiceBelow(width * 0.25 / pxPerKm);
        var barPx = barKm * pxPerKm;
        var barText = barKm >= 1 ? $"{barKm:0} km" : $"{barKm * 1000:0} m";
        (double X0, double Y0)[] corners = [(width - 12 - barPx, height - 22), (12, height - 22), (width - 12 - barPx, 30), (12, 30)];
        foreach (var (cx, cy) in corners)
        {
            var labelBox = Box.OfText(cx + barPx / 2, cy - 6, barText, 11, "middle");
            var barBox = new Box(Math.Min(cx, labelBox.X0) - 2, labelBox.Y0 - 2, Math.Max(cx + barPx, labelBox.X1) + 2, cy + 4);
            if (!occupied.Free(barBox)) continue;
            occupied.Add(barBox);
            Line(sb, cx, cy, cx + barPx, cy, "scale-bar");
            Text(sb, cx + barPx / 2, cy - 6, barText, "graticule-label scale-label", "middle");
            break;
        }

        (double Dx, double Dy, string Anchor)[] candidates =
        [
            (9, 4, "start"), (-9, 4, "end"), (8, -8, "start"), (8, 15, "start"), (-8, -8, "end"), (-8, 15, "end"),
            (26, 4, "start"), (-26, 4, "end"), (22, -20, "start"), (22, 26, "start"), (-22, -20, "end"), (-22, 26, "end"),
            (44, 4, "start"), (-44, 4, "end"), (36, 40, "start"), (-36, 40, "end"),
        ];
        var labels = route.Where(p => p.Halt).Select(p => (X: X(p.Lon), Y: Y(p.Lat), Text: p.Name, Css: "station-label halt", Bold: true))
            .Concat(borders.Select(b => (b.X, b.Y, Text: b.Label, Css: "border-label", Bold: true)))
            .Concat(route.Where(p => !p.Halt).Select(p => (X: X(p.Lon), Y: Y(p.Lat), Text: p.Name, Css: "station-label", Bold: false))).ToList();
        foreach (var (x, y, text, css, bold) in labels)
        {
            var options = candidates.Select(c => (c, Box: Box.OfText(x + c.Dx, y + c.Dy, text, 12.5, c.Anchor, bold))).ToList();
            var chosen = options.FirstOrDefault(o => occupied.Free(o.Box));
            if (chosen.c.Anchor is null) continue; // no room anywhere near: the dot stays unnamed rather than covered
            occupied.Add(chosen.Box);
            if (Math.Abs(chosen.c.Dx) > 10) Line(sb, x, y, chosen.c.Anchor == "start" ? chosen.Box.X0 - 2 : chosen.Box.X1 + 2, y + chosen.c.Dy - 4, "leader");
            Text(sb, x + chosen.c.Dx, y + chosen.c.Dy, text, css, chosen.c.Anchor);
        }

        // Graticule labels last, where they fit: latitudes at the left edge, longitudes along the bottom.
        string Deg(double v, string hemi) => v.ToString("F" + decimals.ToString(Inv), Inv) + "°" + hemi;
        foreach (var lat in latLines)
        {
            var t = Deg(Math.Abs(lat), lat >= 0 ? "N" : "S");
            var b = Box.OfText(6, Y(lat) - 4, t, 11);
            if (occupied.Take([b]) is not null) Text(sb, 6, Y(lat) - 4, t, "graticule-label");
        }
        foreach (var lon in lonLines)
        {
            var t = Deg(Math.Abs(lon), lon >= 0 ? "E" : "W");
            var b = Box.OfText(X(lon) + 4, height - 6, t, 11);
            if (occupied.Take([b]) is not null) Text(sb, X(lon) + 4, height - 6, t, "graticule-label");
        }
        sb.Append("</svg>");
        sb.Append("<figcaption>").Append(H(caption)).Append("</figcaption></figure>\n");
        return sb.ToString();
    }

    /// <summary>A graticule step in degrees (10, 5, 2, 1, 0.5, ... 0.01) giving three to eight lines across <paramref name="spanDegrees"/>.</summary>
    internal static double GraticuleStep(double spanDegrees)
    {
        foreach (var s in new[] { 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01 })
            if (spanDegrees / s >= 3) return s;
        return 0.01;
    }

    /// <summary>The largest 1, 2 or 5 times a power of ten not above <paramref name="limit"/> (at least 0.01).</summary>
    internal static double NiceBelow(double limit)
    {
        if (limit <= 0.01) return 0.01;
        var p = Math.Pow(10, Math.Floor(Math.Log10(limit)));
        return limit >= 5 * p ? 5 * p : limit >= 2 * p ? 2 * p : p;
    }

    // ---------------------------------------------------------------- precise stop

    /// <summary>
    /// The ceremony stop: above, the platform with the train standing at it and the marker; below, a zoom on the
    /// marker with the tolerance band, the spread of the predicted door position and the prediction itself.
    /// Positions are corridor positions in metres.
    /// </summary>
    public static string PreciseStop(string id, string caption, PreciseStopReport r, double legStart, double? platformStart, double? platformEnd, double trainLength)
    {
        const double left = 40, right = 40;
        var pw = Width - left - right;
        var marker = r.Marker.Meters + legStart;
        var front = r.FrontStopPosition.Meters + legStart;
        var door = r.PredictedDoorPosition.Meters + legStart;
        var rear = front - trainLength;
        var p0 = Math.Min(platformStart ?? rear - 20, rear - 20);
        var p1 = Math.Max(platformEnd ?? front + 20, front + 20);
        double X(double m) => left + (m - p0) / (p1 - p0) * pw;

        var sb = new StringBuilder();
        sb.Append("<figure class=\"chart\"><svg id=\"").Append(id).Append("\" class=\"precise-stop\" viewBox=\"0 0 ").Append(N(Width)).Append(" 330\" role=\"img\" aria-label=\"")
          .Append(H(caption)).Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        // Overview: platform, train, marker.
        Text(sb, left, 20, "platform and train (direction of travel →)", "axis-title");
        if (platformStart is { } ps && platformEnd is { } pe)
        {
            sb.Append("<rect class=\"platform\" x=\"").Append(N(X(ps))).Append("\" y=\"64\" width=\"").Append(N(X(pe) - X(ps))).Append("\" height=\"16\"/>\n");
            Text(sb, X(ps), 96, $"platform {(ps / 1000).ToString("0.000", Inv)} km", "time");
            Text(sb, X(pe), 96, $"{(pe / 1000).ToString("0.000", Inv)} km", "time", "end");
        }
        sb.Append("<rect class=\"train-body\" x=\"").Append(N(X(rear))).Append("\" y=\"38\" width=\"").Append(N(X(front) - X(rear))).Append("\" height=\"20\" rx=\"3\"/>\n");
        Line(sb, X(door), 36, X(door), 60, "door");
        Line(sb, X(marker), 30, X(marker), 84, "marker");
        Text(sb, X(marker), 28, "red carpet", "marker-label", "middle");

        // Zoom: ± a little more than the spread and the tolerance, in centimetres from the marker.
        var tol = r.Tolerance.Meters;
        var u = r.Uncertainty;
        var reach = new[] { Math.Abs(r.SpreadLow.Meters), Math.Abs(r.SpreadHigh.Meters), tol, Math.Abs(r.Error.Meters), 0.2,
            Math.Abs(u?.DoorErrorP5.Meters ?? 0), Math.Abs(u?.DoorErrorP95.Meters ?? 0) }.Max() * 1.4;
        double Z(double dm) => left + (dm + reach) / (2 * reach) * pw;
        const double zy = 150, zh = 90;
        Text(sb, left, zy - 14, "door position at rest, relative to the marker", "axis-title");
        sb.Append("<rect class=\"plot\" x=\"").Append(N(left)).Append("\" y=\"").Append(N(zy)).Append("\" width=\"").Append(N(pw)).Append("\" height=\"").Append(N(zh)).Append("\"/>\n");
        sb.Append("<rect class=\"tolerance-band\" x=\"").Append(N(Z(-tol))).Append("\" y=\"").Append(N(zy)).Append("\" width=\"").Append(N(Z(tol) - Z(-tol))).Append("\" height=\"").Append(N(zh)).Append("\"/>\n");
        // The Monte Carlo's resting positions as a histogram behind the rest, with the 5th and 95th percentiles.
        if (u is not null && u.Histogram.Count > 0)
        {
            var most = Math.Max(1, u.Histogram.Max(b => b.Count));
            foreach (var (from, to, count) in u.Histogram)
            {
                var a = Math.Max(from.Meters, -reach);
                var b = Math.Min(to.Meters, reach);
                if (b <= a || count == 0) continue;
                var h = count / (double)most * (zh - 12);
                sb.Append("<rect class=\"mc-bin\" x=\"").Append(N(Z(a))).Append("\" y=\"").Append(N(zy + zh - h)).Append("\" width=\"").Append(N(Z(b) - Z(a)))
                  .Append("\" height=\"").Append(N(h)).Append("\"><title>").Append(H($"{(a * 100).ToString("0", Inv)} to {(b * 100).ToString("0", Inv)} cm: {count} of {u.Samples} stops")).Append("</title></rect>\n");
            }
            foreach (var q in new[] { u.DoorErrorP5.Meters, u.DoorErrorP95.Meters })
                if (Math.Abs(q) <= reach) Line(sb, Z(q), zy + 2, Z(q), zy + zh - 2, "percentile");
            Text(sb, left + pw, zy - 14, $"{(u.ProbabilityWithinTolerance * 100).ToString("0", Inv)} % of {u.Samples} stops within ±{(tol * 100).ToString("0", Inv)} cm", "axis-title", "end");
        }
        var lo = Math.Min(r.SpreadLow.Meters, r.SpreadHigh.Meters);
        var hi = Math.Max(r.SpreadLow.Meters, r.SpreadHigh.Meters);
        sb.Append("<rect class=\"spread-band\" x=\"").Append(N(Z(lo))).Append("\" y=\"").Append(N(zy + 28)).Append("\" width=\"").Append(N(Math.Max(Z(hi) - Z(lo), 1))).Append("\" height=\"34\"/>\n");
        Line(sb, Z(0), zy - 6, Z(0), zy + zh + 6, "marker");
        Line(sb, Z(r.Error.Meters), zy + 14, Z(r.Error.Meters), zy + zh - 14, "door");
        sb.Append("<polygon class=\"door-head\" points=\"").Append(N(Z(r.Error.Meters) - 6)).Append(',').Append(N(zy + 8)).Append(' ').Append(N(Z(r.Error.Meters) + 6)).Append(',')
          .Append(N(zy + 8)).Append(' ').Append(N(Z(r.Error.Meters))).Append(',').Append(N(zy + 16)).Append("\"/>\n");
        var cmStep = reach > 1.5 ? 50 : reach > 0.6 ? 20 : 10;
        for (var cm = -Math.Floor(reach * 100 / cmStep) * cmStep; cm <= reach * 100 + 1e-9; cm += cmStep)
        {
            Line(sb, Z(cm / 100), zy + zh, Z(cm / 100), zy + zh + 5, "tick");
            Text(sb, Z(cm / 100), zy + zh + 18, (cm > 0 ? "+" : "") + cm.ToString("0", Inv) + " cm", "time", "middle");
        }
        Text(sb, Z(0), zy + zh + 34, "marker", "marker-label", "middle");
        Text(sb, left + 4, zy + zh + 52, "← stops short", "time");
        Text(sb, left + pw - 4, zy + zh + 52, "overshoots →", "time", "end");
        sb.Append("</svg>");
        Legend(sb, [("#b91c1c", "marker (red carpet)"), ("#1d4ed8", "predicted door position"), ("rgba(234,88,12,.45)", "spread (deceleration ±" + (r.DecelerationVariation * 100).ToString("0", Inv) + " %)"),
            ("rgba(22,163,74,.22)", "tolerance ±" + (tol * 100).ToString("0", Inv) + " cm"),
            .. (u is null ? Array.Empty<(string, string)>() : [("rgba(29,78,216,.35)", "door at rest in " + u.Samples.ToString(Inv) + " simulated stops (dashed: 5th and 95th percentiles)")])]);
        sb.Append("<figcaption>").Append(H(caption)).Append("</figcaption></figure>\n");
        return sb.ToString();
    }
}
