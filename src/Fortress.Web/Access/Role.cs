using Fortress.Views;

namespace Fortress.Web.Access;

/// <summary>
/// Who holds a token (docs/api.md): <see cref="Admin"/> issues tokens and may do all <see cref="Security"/> may;
/// <see cref="Dispatcher"/> sees reserved paths and orders; <see cref="Public"/> the regular timetable only.
/// </summary>
public enum Role { Public, Dispatcher, Security, Admin }

public static class Roles
{
    /// <summary>The plan view a role reads (admin reads the security view).</summary>
    public static PlanView View(this Role r) => r switch
    {
        Role.Admin or Role.Security => PlanView.Security,
        Role.Dispatcher => PlanView.Dispatcher,
        _ => PlanView.Public,
    };

    /// <summary>The need-to-know policy of the role's view.</summary>
    public static ViewPolicy Policy(this Role r) => ViewPolicy.For(r.View());

    /// <summary>Whether the role may know that the convoy exists (map, speed, live state, events): its view's policy grants the reserved paths.</summary>
    public static bool SeesConvoy(this Role r) => r.Policy().SeesConvoy;

    public static string Name(this Role r) => r.ToString().ToLowerInvariant();

    /// <summary>A role by its exact name: admin, security, dispatcher or public (lower case, nothing else).</summary>
    public static bool TryParse(string? text, out Role role)
    {
        role = text switch { "admin" => Role.Admin, "security" => Role.Security, "dispatcher" => Role.Dispatcher, "public" => Role.Public, _ => (Role)(-1) };
        return (int)role >= 0;
    }
}
