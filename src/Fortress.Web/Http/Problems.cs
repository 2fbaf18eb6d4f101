using System.Text.Json;
using Fortress.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Fortress.Web.Http;

/// <summary>
/// Error answers as <c>application/problem+json</c> with every problem listed (<c>errors: [{where, what}]</c>). Bodies are
/// fixed text plus the problems given: no trace id, no request echo, so two answers to the same mistake are byte-identical.
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static byte[] Body(int status, string title, IEnumerable<(string Where, string What)> errors)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("type", "about:blank");
            w.WriteString("title", title);
            w.WriteNumber("status", status);
            w.WriteStartArray("errors");
            foreach (var (where, what) in errors)
            {
                w.WriteStartObject();
                w.WriteString("where", where);
                w.WriteString("what", what);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    public static async Task WriteAsync(HttpContext http, int status, string title, IEnumerable<(string Where, string What)> errors, bool wwwAuthenticate = false)
    {
        if (http.Response.HasStarted) return;
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        if (wwwAuthenticate) http.Response.Headers.WWWAuthenticate = "Bearer";
        var body = Body(status, title, errors);
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    public static IResult Result(int status, string title, IEnumerable<(string Where, string What)> errors) =>
        new Answer(Body(status, title, errors), ContentType, status);

    /// <summary>400 listing every problem of an invalid input.</summary>
    public static IResult Invalid(IEnumerable<Problem> problems) => Result(400, "Invalid input", problems.Select(p => (p.Where, p.Message)));

    public static IResult Invalid(string where, string what) => Result(400, "Invalid input", [(where, what)]);

    /// <summary>
    /// The one answer for a plan that does not exist or that the caller may not know about: the same bytes for both.
    /// </summary>
    public static IResult PlanNotFound() => Result(404, "Not found", [("plan", "no such plan")]);
}

/// <summary>A fixed body with a status and content type (Results.Bytes has no status code).</summary>
public sealed class Answer(byte[] body, string contentType, int status) : IResult
{
    public int Status => status;

    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }
}
