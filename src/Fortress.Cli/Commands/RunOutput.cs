using System.Globalization;
using System.Text;
using Fortress.IO.Contracts;
using Fortress.Rolling;
using Fortress.Running;
using Fortress.Units;
using Spectre.Console;

namespace Fortress.Cli.Commands;

/// <summary>Renders a <see cref="RunResult"/> as a table for people, JSON (the <see cref="RunDocument"/> contract) or CSV.</summary>
internal static class RunOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The run as its JSON contract (<see cref="RunDocument"/>), indented, ending with a newline.</summary>
    public static string Json(RunResult r, Consist c, RunOptions o, Length? step) => FortressJson.Write(RunDocument.From(r, c, o, step));

    public static string Csv(RunResult r, Length? step)
    {
        var sb = new StringBuilder("position_m,time_s,speed_kmh,speed_mps,acceleration_mps2,phase\n");
        foreach (var s in RunDocument.ProfileSamples(r, step))
            sb.Append(Inv, $"{s.Position.Meters:0.###},{s.Time.Seconds:0.###},{s.Speed.KilometersPerHour:0.###},{s.Speed.MetersPerSecond:0.####},{s.Acceleration.MetersPerSecondSquared:0.####},{RunDocument.PhaseName(s.Phase)}\n");
        return sb.ToString();
    }

    public static string Table(RunResult r, Consist c, RunOptions o)
    {
        var sw = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(sw),
            ColorSystem = ColorSystemSupport.NoColors,
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 110;
        sw.WriteLine($"Train  {r.TrainName}: {c.Vehicles.Count} vehicles, {c.Length.Meters:0.0} m, {c.Mass.Tonnes:0.0} t, max axle load {c.MaxAxleLoad.Tonnes:0.0} t, max {c.MaxSpeed.KilometersPerHour:0} km/h");
        sw.WriteLine($"       braking {c.Braking.Deceleration.MetersPerSecondSquared:0.###} m/s² ({c.Braking.Basis}), build-up {c.Braking.BuildUpTime.Seconds:0.0} s");
        sw.WriteLine($"Path   {r.PathName}: {r.Distance.Kilometers:0.000} km, gradients {(o.GradientModel == GradientModel.MassPoint ? "at the front (mass point)" : "averaged over the train length")}");
        sw.WriteLine();
        var sum = new Table().Border(TableBorder.Simple).AddColumn("Result").AddColumn(new TableColumn("Value").RightAligned());
        sum.AddRow("Running time", $"{r.TotalTime} ({r.TotalTime.Seconds:0.0} s)");
        if (!o.Allowance.IsNone) sum.AddRow("Minimum running time", $"{r.MinimumRunningTime} ({r.MinimumRunningTime.Seconds:0.0} s)");
        sum.AddRow("Distance", $"{r.Distance.Kilometers:0.000} km");
        sum.AddRow("Average speed", $"{(r.TotalTime.Seconds > 0 ? r.Distance.Meters / r.TotalTime.Seconds * 3.6 : 0):0.0} km/h");
        sum.AddRow("Traction energy at the rim", $"{r.TractionEnergy.KilowattHours:0.0} kWh");
        console.Write(sum);
        if (r.Stops.Count > 0)
        {
            var t = new Table().Border(TableBorder.Simple).Title("Stops")
                .AddColumn("Stop").AddColumn(new TableColumn("Position").RightAligned()).AddColumn(new TableColumn("Arrival").RightAligned())
                .AddColumn(new TableColumn("Dwell").RightAligned()).AddColumn(new TableColumn("Departure").RightAligned());
            foreach (var s in r.Stops)
                t.AddRow(Markup.Escape(s.Name), $"{s.Position.Meters / 1000:0.000} km", s.Arrival.ToString(), $"{s.Dwell.Seconds:0} s", s.Departure.ToString());
            console.Write(t);
        }
        if (r.PointsOfInterest.Count > 0)
        {
            var t = new Table().Border(TableBorder.Simple).Title("Points of interest")
                .AddColumn("Point").AddColumn(new TableColumn("Position").RightAligned()).AddColumn("Measured at")
                .AddColumn(new TableColumn("Time").RightAligned()).AddColumn(new TableColumn("Speed").RightAligned());
            foreach (var p in r.PointsOfInterest)
                t.AddRow(Markup.Escape(p.Name), $"{p.Position.Meters:0.0} m", p.Measure == TrainMeasure.Front ? "front" : "rear",
                    p.Time is { } tt ? $"{tt.Seconds:0.0} s" : "not reached", p.Speed is { } v ? $"{v.KilometersPerHour:0.0} km/h" : "");
            console.Write(t);
        }
        foreach (var p in r.PreciseStops)
        {
            var t = new Table().Border(TableBorder.Simple).Title($"Precise stop at {Markup.Escape(p.StopName)}")
                .AddColumn("Item").AddColumn(new TableColumn("Value").RightAligned());
            t.AddRow("Door", $"car {p.Car}, {p.DoorOffsetFromFront.Meters:0.00} m behind the train's front");
            t.AddRow("Marker", $"{p.Marker.Meters:0.00} m");
            t.AddRow("Service braking from line speed begins", $"{p.ServiceBrakingStart.Meters:0.0} m");
            t.AddRow("Final approach speed", $"{p.ApproachSpeed.KilometersPerHour:0.0} km/h");
            t.AddRow("Final brake applied (front at)", $"{p.BrakeApplication.Meters:0.00} m");
            t.AddRow("Brake build-up / deceleration", $"{p.BrakeBuildUpTime.Seconds:0.0} s / {p.Deceleration.MetersPerSecondSquared:0.###} m/s²");
            t.AddRow("Predicted door position (simulation)", $"{p.PredictedDoorPosition.Meters:0.00} m, error {p.Error.Meters:+0.00;-0.00;0.00} m");
            t.AddRow($"Spread at ±{p.DecelerationVariation * 100:0}% deceleration", $"{p.SpreadLow.Meters:+0.00;-0.00;0.00} m to {p.SpreadHigh.Meters:+0.00;-0.00;0.00} m");
            t.AddRow($"Approach speed for ±{p.Tolerance.Meters:0.00} m", p.SpeedForTolerance is { } st ? $"{st.KilometersPerHour:0.0} km/h" : "none achievable");
            t.AddRow("Within tolerance", p.WithinTolerance ? "yes" : "NO");
            if (p.Uncertainty is { } u)
            {
                t.AddRow($"Monte Carlo ({u.Samples} draws, seed {u.Seed})",
                    $"deceleration ±{u.DecelerationVariation * 100:0}%, build-up {u.BuildUpMin.Seconds:0.0}-{u.BuildUpMax.Seconds:0.0} s, approach ±{u.ApproachSpeedError.KilometersPerHour:0.0} km/h");
                t.AddRow($"P(door within ±{p.Tolerance.Meters:0.00} m)", $"{u.ProbabilityWithinTolerance * 100:0.0} %");
                t.AddRow("Door at rest, 5th / 95th percentile", $"{u.DoorErrorP5.Meters:+0.00;-0.00;0.00} m / {u.DoorErrorP95.Meters:+0.00;-0.00;0.00} m");
                t.AddRow("Approach speed for 95 % within", u.ApproachSpeedFor95Percent is { } s95 ? $"{s95.KilometersPerHour:0.0} km/h" : "none from 0.5 km/h up");
            }
            console.Write(t);
        }
        return sw.ToString();
    }
}
