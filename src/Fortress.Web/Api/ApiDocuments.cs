using Fortress.Web.Access;
using Fortress.Web.Http;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fortress.Web.Api;

/// <summary>Liveness: <c>{"status":"ok"}</c>.</summary>
public sealed record HealthDocument(string Status);

/// <summary>Who a token belongs to.</summary>
public sealed record MeDocument(string Name, string Role);

/// <summary>A token just issued: the secret, shown this once.</summary>
public sealed record TokenIssuedDocument(string Token, string Name, string Role, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Expires);

/// <summary>An issued token as listed (never its secret or hash).</summary>
public sealed record TokenDocument(string Name, string Role, string Created, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Expires, bool Revoked);

/// <summary>A stored network: its id, name, when it was stored and its size.</summary>
public sealed record NetworkDocument(string Id, string Name, string? Created, int Nodes, int Edges, int OperationalPoints);

/// <summary>
/// A stored plan as listed, titled in the caller's view: whether it is the demo plan, and (for views that see the live
/// state) when it last received a position report.
/// </summary>
public sealed record PlanListDocument(string Id, string Title, string CreatedAt, bool Demo, string? LastReportAt);

/// <summary>The id of what was just stored.</summary>
public sealed record CreatedDocument(string Id);

/// <summary>How many position reports were stored and applied.</summary>
public sealed record AcceptedDocument(int Accepted);

/// <summary>The service's own responses, serialised by the source generator (the plan, live and map documents are Fortress.IO.Contracts').</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthDocument))]
[JsonSerializable(typeof(MeDocument))]
[JsonSerializable(typeof(TokenIssuedDocument))]
[JsonSerializable(typeof(IReadOnlyList<TokenDocument>))]
[JsonSerializable(typeof(NetworkDocument))]
[JsonSerializable(typeof(IReadOnlyList<NetworkDocument>))]
[JsonSerializable(typeof(IReadOnlyList<PlanListDocument>))]
[JsonSerializable(typeof(CreatedDocument))]
[JsonSerializable(typeof(AcceptedDocument))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
