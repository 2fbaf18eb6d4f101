using Fortress.Planning;

namespace Fortress.Web;

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

    /// <summary>Whether the role may know that the convoy exists (map, speed, live state, events).</summary>
    public static bool SeesConvoy(this Role r) => r != Role.Public;

    public static string Name(this Role r) => r.ToString().ToLowerInvariant();

    /// <summary>A role from its name exactly (any letter case): "public, admin", "public,admin" or "3" is no role.</summary>
    public static bool TryParse(string? text, out Role role) => Fortress.Diagnostics.EnumText.TryParse(text, out role);
}
