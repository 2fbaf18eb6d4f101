using Fortress.Views;

namespace Fortress.Cli.Commands;

/// <summary>The first line <c>fortress plan</c> prints for people: which view the output is, and how to ask for another.</summary>
internal static class PlanViewLine
{
    /// <param name="isDefault">Whether the view was not asked for (--view left out): the line says it is the default.</param>
    public static string Of(PlanView view, bool isDefault) => view.Name switch
    {
        "public" => "View: public (the published timetable and its changes only; --view dispatcher or security shows more).",
        "dispatcher" => "View: dispatcher (reserved paths and clearance orders, without names, consists or purpose; --view security shows everything).",
        "security" => $"View: security{(isDefault ? ", the default" : "")} (everything, need to know: names, consists, sweeps, berths; --view dispatcher or public shows less).",
        _ => $"View: {view.Name}.",
    };
}
