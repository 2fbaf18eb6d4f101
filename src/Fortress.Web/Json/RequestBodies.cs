using Fortress.Web.Access;
using Fortress.Web.Http;
using System.Text;
using System.Text.Json;
using Fortress.Diagnostics;
using Fortress.Views;
using Fortress.Web.Plans;
using Microsoft.AspNetCore.Http;
using NodaTime.Text;

namespace Fortress.Web;

/// <summary>
/// Reads request bodies: size-limited (413 past the limit), JSON parsed once, every problem listed at once (400).
/// </summary>
public static class RequestBodies
{
    /// <summary>The body as UTF-8 text, or an error answer (413 when it is larger than <paramref name="maxBytes"/>).</summary>
    public static async Task<(string? Text, IResult? Error)> TextAsync(HttpRequest request, long maxBytes)
    {
        var (bytes, error) = await BytesAsync(request, maxBytes);
        if (error is not null) return (null, error);
        try { return (new UTF8Encoding(false, true).GetString(bytes!), null); }
        catch (DecoderFallbackException) { return (null, Problems.Invalid("body", "not UTF-8 text")); }
    }

    /// <summary>The body's bytes, or an error answer (413 when it is larger than <paramref name="maxBytes"/>).</summary>
    public static async Task<(byte[]? Bytes, IResult? Error)> BytesAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + n > maxBytes) return (null, TooLarge(maxBytes));
                buffer.Write(chunk, 0, n);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge) { return (null, TooLarge(maxBytes)); }
        return (buffer.ToArray(), null);
    }

    public static IResult TooLarge(long maxBytes) => Problems.Result(413, "Payload too large", [("body", $"the body is larger than {maxBytes} bytes")]);

    /// <summary>Nesting allowed in a request body: bodies other than scenarios are flat objects or lists of them.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// The body as a JSON document, or an error answer: strict JSON (<see cref="Fortress.IO.Json.StrictJson"/>: no
    /// comments, no trailing commas, no key twice in an object, no lone surrogates, at most <see cref="MaxDepth"/> deep).
    /// </summary>
    public static async Task<(JsonDocument? Doc, IResult? Error)> JsonAsync(HttpRequest request, long maxBytes)
    {
        var (text, error) = await TextAsync(request, maxBytes);
        if (error is not null) return (null, error);
        var problems = new ProblemList();
        var doc = Fortress.IO.Json.StrictJson.Parse(text!, "body", problems, lenient: false, maxDepth: MaxDepth);
        return doc is null ? (null, Problems.Invalid(problems.Items)) : (doc, null);
    }

    /// <summary>
    /// Records every key of <paramref name="o"/> not in <paramref name="allowed"/> (a misspelt key is refused, never
    /// ignored). The key itself is shown only when short and printable: it may be anything a caller sent.
    /// </summary>
    public static void OnlyKeys(JsonElement o, string at, ProblemList problems, params string[] allowed)
    {
        if (o.ValueKind != JsonValueKind.Object) return;
        foreach (var p in o.EnumerateObject())
            if (!allowed.Contains(p.Name, StringComparer.Ordinal))
                problems.Add(p.Name.Length <= 40 && !p.Name.Any(char.IsControl) ? $"{at}.{p.Name}" : at,
                    $"unknown key; the keys are {string.Join(", ", allowed)}");
    }

    /// <summary>
    /// Position reports: one object or an array of <c>{"train","time","lat","lon","speedKmh"?}</c>; train ids of
    /// <paramref name="view"/>, time ISO-8601 with an offset. Every problem is listed; none is accepted if any is wrong.
    /// </summary>
    public static IReadOnlyList<IncomingReport> Reports(JsonElement root, LivePlan plan, ViewPolicy view)
    {
        var problems = new ProblemList();
        var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().Select((e, i) => (e, $"$[{i}]")).ToList() : [(root, "$")];
        if (items.Count == 0) problems.Add("$", "no reports");
        var result = new List<IncomingReport>();
        foreach (var (e, at) in items)
        {
            if (e.ValueKind != JsonValueKind.Object) { problems.Add(at, "a report is an object {train, time, lat, lon, speedKmh?}"); continue; }
            OnlyKeys(e, at, problems, "train", "time", "lat", "lon", "speedKmh");
            var train = Str(e, "train", at, problems);
            var timeText = Str(e, "time", at, problems);
            var lat = Num(e, "lat", at, problems, -90, 90, true);
            var lon = Num(e, "lon", at, problems, -180, 180, true);
            var speed = Num(e, "speedKmh", at, problems, 0, 539, false); // the tracker takes speeds below 540 km/h
            var role = train is null ? null : plan.TrainOf(train, view);
            // The unknown id is not echoed: it may be anything the caller sent.
            if (train is not null && role is null) problems.Add(at + ".train", "not a train of this plan in your view");
            NodaTime.Instant? time = null;
            if (timeText is not null)
            {
                var r = OffsetDateTimePattern.ExtendedIso.Parse(timeText);
                if (r.Success && Fortress.Diagnostics.Plausible.Year.Contains(r.Value.Year)) time = r.Value.ToInstant();
                else if (r.Success) problems.Add(at + ".time", "outside the years 1900 to 2200");
                else problems.Add(at + ".time", "not an ISO-8601 date and time with an offset, like 2019-04-24T06:10:00+10:00");
            }
            if (role is { } ro && time is { } t && lat is { } la && lon is { } lo)
            {
                // Plausible for this plan (time window, distance from the route) before anything is stored.
                var before = problems.Count;
                problems.AddRange(Fortress.Operations.ReportChecks.Check(plan.Plan,
                    new Fortress.Operations.PositionReport(ro, t, la, lo, speed is { } v ? Fortress.Units.Speed.FromKilometersPerHour(v) : null), at));
                if (problems.Count == before) result.Add(new IncomingReport(ro, t, la, lo, speed));
            }
        }
        problems.ThrowIfAny();
        return result;
    }

    public static string? Str(JsonElement o, string key, string at, ProblemList problems, bool required = true, int maxLength = 200)
    {
        if (!o.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) problems.Add($"{at}.{key}", "missing");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String) { problems.Add($"{at}.{key}", "must be a string"); return null; }
        var s = v.GetString()!;
        if (s.Length > maxLength) { problems.Add($"{at}.{key}", $"longer than {maxLength} characters"); return null; }
        return s;
    }

    public static double? Num(JsonElement o, string key, string at, ProblemList problems, double min, double max, bool required)
    {
        if (!o.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) problems.Add($"{at}.{key}", "missing");
            return null;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d)) { problems.Add($"{at}.{key}", "must be a number"); return null; }
        if (d < min || d > max) { problems.Add($"{at}.{key}", $"must be between {min} and {max}"); return null; }
        return d;
    }
}
