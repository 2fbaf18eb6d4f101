using System.Globalization;

namespace Fortress.Diagnostics;

/// <summary>
/// The range a number read from a file, an option or a request must fall in to be physically or operationally
/// plausible, with the reason; a value outside is a user error naming the range and the reason. Bounds are inclusive
/// unless <see cref="MinExclusive"/>; NaN and infinities are never in range.
/// </summary>
/// <param name="Field">The field as documents spell it (docs/formats.md lists every range with its reason).</param>
/// <param name="Unit">The unit of the bounds as the field is written ("t", "km/h"; empty for counts).</param>
/// <param name="Whole">True when only whole numbers are allowed (counts, axles, gauges).</param>
public sealed record PlausibleRange(string Field, double Min, double Max, string Unit, string Reason, bool Whole = false, bool MinExclusive = false)
{
    /// <summary>True when <paramref name="value"/> is finite, within the bounds and, for a whole range, a whole number.</summary>
    public bool Contains(double value) =>
        double.IsFinite(value) && (MinExclusive ? value > Min : value >= Min) && value <= Max && (!Whole || value == Math.Floor(value));

    /// <summary>What is wrong with <paramref name="value"/>, or null when it is in range.</summary>
    public string? Problem(double value)
    {
        if (Contains(value)) return null;
        if (!double.IsFinite(value)) return $"must be a finite number, got {Show(value)}";
        if (Whole && value != Math.Floor(value)) return $"must be a whole number, got {Show(value)}";
        return $"must be {(MinExclusive ? "above " : "from ")}{Show(Min)} to {Show(Max)}{(Unit.Length > 0 ? " " + Unit : "")} ({Reason}), got {Show(value)}";
    }

    /// <summary>Adds the problem with <paramref name="value"/>, if any, at <paramref name="where"/>; true when it is in range.</summary>
    public bool Check(double value, string where, ProblemList problems)
    {
        if (Problem(value) is not { } p) return true;
        problems.Add(where, p);
        return false;
    }

    /// <summary>A number as messages show it: invariant, short, exponent for the very large or small.</summary>
    public static string Show(double v) => v.ToString(Math.Abs(v) is >= 1e9 or (> 0 and < 1e-4) ? "0.###e0" : "0.######", CultureInfo.InvariantCulture);
}

/// <summary>
/// Every plausible range Fortress checks, in one table (docs/formats.md, "Plausible ranges", shows them with their
/// reasons). Sources or written assumptions beside each figure.
/// </summary>
public static class Plausible
{
    // Rolling stock (train JSON, the catalogue, railtoolkit YAML; Consist.Validate checks the same for any source).

    /// <summary>A vehicle's length over couplers. A multiple-unit set may be one vehicle: a 16-car Shinkansen set is 400 m.</summary>
    public static readonly PlausibleRange VehicleLength = new("lengthMeters", 0, 500, "m", "a whole 16-car Shinkansen set is about 400 m long", MinExclusive: true);

    /// <summary>Tare mass. Assumption: a track trolley weighs about 0.1 t; the heaviest rail vehicles, multi-axle Schnabel wagons, a few hundred tonnes empty.</summary>
    public static readonly PlausibleRange TareMass = new("tareMassTonnes", 0.1, 1000, "t", "from a track trolley to the heaviest Schnabel wagon");

    /// <summary>Armour added to a vehicle. Assumption: an armoured saloon weighs up to about 100 t more than a plain one; 500 t is no railway vehicle.</summary>
    public static readonly PlausibleRange ArmourMass = new("armourMassTonnes", 0, 500, "t", "armour adds tens of tonnes to a coach");

    /// <summary>Payload. Assumption: the largest Schnabel wagons carry about 800 t.</summary>
    public static readonly PlausibleRange Payload = new("payloadTonnes", 0, 1000, "t", "the largest Schnabel wagons carry about 800 t");

    /// <summary>Axles of one vehicle: the largest Schnabel wagons run on 36 axles.</summary>
    public static readonly PlausibleRange Axles = new("axles", 1, 40, "", "the largest Schnabel wagons run on 36 axles", Whole: true);

    /// <summary>Speeds: the wheel-on-rail record is 574.8 km/h (TGV V150, 3 April 2007).</summary>
    public static readonly PlausibleRange MaxSpeed = new("maxSpeedKmh", 1, 650, "km/h", "the wheel-on-rail record is 574.8 km/h");

    /// <summary>Rotating-mass factor. Wende (2003) gives 1.02 to 1.3 for real vehicles; 2 allows any locomotive.</summary>
    public static readonly PlausibleRange RotatingMassFactor = new("rotatingMassFactor", 1, 2, "", "real vehicles have 1.02 to 1.3 (Wende 2003)");

    /// <summary>Davis A per vehicle. Assumption: tens to a few thousand newtons; 100 kN would stop a train on the level.</summary>
    public static readonly PlausibleRange DavisA = new("aNewtons", 0, 100_000, "N", "a vehicle's rolling resistance is at most a few kN");

    /// <summary>Davis B per vehicle. Assumption: at most hundreds of N per m/s.</summary>
    public static readonly PlausibleRange DavisB = new("bNewtonsPerMps", 0, 10_000, "N/(m/s)", "a vehicle's speed-proportional resistance is at most hundreds of N per m/s");

    /// <summary>Davis C per vehicle. Assumption: a whole high-speed train has about 10 N/(m/s)^2.</summary>
    public static readonly PlausibleRange DavisC = new("cNewtonsPerMps2", 0, 100, "N/(m/s)^2", "a whole high-speed train has about 10 N/(m/s)^2");

    /// <summary>Per-mille resistance coefficients (Sauthoff, Strahl): real values are 1 to 10 per mille.</summary>
    public static readonly PlausibleRange PerMilleCoefficient = new("f0, f1, f2", 0, 50, "per mille", "published coefficients are 1 to 10 per mille");

    /// <summary>Head wind in the Sauthoff formula: 15 km/h is the usual figure.</summary>
    public static readonly PlausibleRange HeadWind = new("headWindKmh", 0, 150, "km/h", "15 km/h is the usual figure; 150 km/h is a hurricane");

    /// <summary>Starting tractive effort of one unit. Assumption: the strongest locomotives start with under 1,000 kN.</summary>
    public static readonly PlausibleRange StartingForce = new("startingForceKn", 0, 2000, "kN", "the strongest locomotives start with under 1,000 kN", MinExclusive: true);

    /// <summary>Power of one unit: a 16-car high-speed set has about 20 MW.</summary>
    public static readonly PlausibleRange PowerKw = new("powerKw", 0, 50_000, "kW", "a 16-car high-speed set has about 20 MW", MinExclusive: true);

    /// <summary>A force in a tractive-effort table.</summary>
    public static readonly PlausibleRange EffortKn = new("tractiveEffort.table force", 0, 2000, "kN", "the strongest locomotives start with under 1,000 kN");

    /// <summary>A speed in a tractive-effort table.</summary>
    public static readonly PlausibleRange EffortSpeed = new("tractiveEffort.table speed", 0, 650, "km/h", "the wheel-on-rail record is 574.8 km/h");

    /// <summary>
    /// Service or emergency deceleration. Wheel-rail adhesion allows about 0.3 g (3 m/s^2); magnetic track brakes add
    /// under 1 m/s^2. Assumption: above 4 m/s^2 is not a train.
    /// </summary>
    public static readonly PlausibleRange Deceleration = new("decelerationMps2", 0, 4, "m/s^2", "adhesion allows about 3 m/s^2, track brakes add under 1", MinExclusive: true);

    /// <summary>Braked weight: up to about twice the mass with magnetic track brakes (brake percentages up to 200 %).</summary>
    public static readonly PlausibleRange BrakedWeight = new("brakedWeightTonnes", 0, 2000, "t", "brake percentages reach about 200 % of a vehicle's mass");

    /// <summary>Catenary voltage: systems in use run from 600 V to 50 kV.</summary>
    public static readonly PlausibleRange Volts = new("volts", 0, 50_000, "V", "electrification systems in use run from 600 V to 50 kV", MinExclusive: true);

    /// <summary>Catenary frequency: 0 (DC), 16.7, 25, 50 or 60 Hz.</summary>
    public static readonly PlausibleRange Frequency = new("frequencyHz", 0, 60, "Hz", "0 (DC), 16.7, 25, 50 or 60 Hz");

    /// <summary>Places of one kind in a vehicle (berths, seats, road vehicles). Assumption: a double-deck coach seats under 200.</summary>
    public static readonly PlausibleRange Capacity = new("capacity", 0, 1000, "", "a double-deck coach seats under 200", Whole: true);

    /// <summary>Stores carried in one vehicle, in kg or litres, and amounts of food (menus, requests). Assumption: a tank wagon holds under 150 m^3.</summary>
    public static readonly PlausibleRange Stores = new("stores, menus, amount", 0, 1_000_000, "kg or l", "a tank wagon holds under 150 m^3");

    /// <summary>How many of one vehicle a formation entry repeats (the whole train is also held to <see cref="WorkLimits.TrainVehicles"/>).</summary>
    public static readonly PlausibleRange FormationCount = new("count", 1, 1000, "", "the longest train ever run had 690 vehicles", Whole: true);

    // Paths and corridors.

    /// <summary>A path or corridor: the longest through rail journey (Moscow - Vladivostok) is 9,289 km.</summary>
    public static readonly PlausibleRange PathLength = new("lengthMeters (path)", 0, 20_000_000, "m", "the Trans-Siberian Moscow - Vladivostok is 9,289 km", MinExclusive: true);

    /// <summary>A position along a path (also bounded by the path's own length).</summary>
    public static readonly PlausibleRange PathPosition = new("startMeters, positionMeters", 0, 20_000_000, "m", "no path is longer than 20,000 km");

    /// <summary>Track gauge: from 500 mm (the narrowest public lines) to 1,676 mm (the broadest in use, Indian gauge).</summary>
    public static readonly PlausibleRange Gauge = new("gaugeMm", 500, 1700, "mm", "gauges in use run from 600 to 1,676 mm", Whole: true);

    /// <summary>Parallel main tracks of a line. Assumption: the widest main lines have six; 16 allows any station throat.</summary>
    public static readonly PlausibleRange Tracks = new("tracks", 1, 16, "", "the widest main lines have six parallel tracks", Whole: true);

    /// <summary>A line speed limit: below 1 km/h a train is at rest (the live tracker's own threshold).</summary>
    public static readonly PlausibleRange LineSpeed = new("kmh", 1, 650, "km/h", "below 1 km/h a train stands; the wheel-on-rail record is 574.8 km/h");

    /// <summary>Gradients, as <c>RunningPath</c> checks them: adhesion railways climb at most about 100 per mille.</summary>
    public static readonly PlausibleRange Gradient = new("perMille", -100, 100, "per mille", "adhesion railways climb at most about 100 per mille");

    /// <summary>Curve radius. Assumption: tramway curves go down to about 15 m.</summary>
    public static readonly PlausibleRange CurveRadius = new("radiusMeters", 10, 1_000_000, "m", "tramway curves go down to about 15 m");

    /// <summary>A dwell at one stop. Assumption: a halt longer than 30 days is two journeys.</summary>
    public static readonly PlausibleRange DwellSeconds = new("dwellSeconds", 0, 30 * 86_400, "s", "a halt longer than 30 days is two journeys");

    /// <summary>The same as <see cref="DwellSeconds"/>, in minutes (scenario stops, generated traffic).</summary>
    public static readonly PlausibleRange DwellMinutes = new("dwellMinutes, maxDwellMinutes", 0, 30 * 1440, "min", "a halt longer than 30 days is two journeys");

    /// <summary>The car of a precise stop, counted from the front.</summary>
    public static readonly PlausibleRange Car = new("car", 1, 1000, "", "cars are counted from 1 at the front", Whole: true);

    /// <summary>Lengths within a train or a platform (door offset, tolerance, approach distance).</summary>
    public static readonly PlausibleRange ShortLength = new("doorOffsetMeters, approachDistanceMeters", 0, 10_000, "m", "a door or an approach within a station");

    /// <summary>How close a precise stop must come to its marker. Assumption: centimetres to metres; 100 m is no precise stop.</summary>
    public static readonly PlausibleRange StopTolerance = new("toleranceMeters", 0, 100, "m", "a precise stop is judged within centimetres to metres", MinExclusive: true);

    /// <summary>WGS84 latitude in degrees.</summary>
    public static readonly PlausibleRange Latitude = new("lat", -90, 90, "degrees", "WGS84 latitudes run from -90 to 90");

    /// <summary>WGS84 longitude in degrees.</summary>
    public static readonly PlausibleRange Longitude = new("lon", -180, 180, "degrees", "WGS84 longitudes run from -180 to 180");

    /// <summary>Spread of the approach speed of a precise stop. Assumption: a driver holds a 5 km/h approach within 1 to 2 km/h.</summary>
    public static readonly PlausibleRange ApproachSpeedError = new("approachSpeedErrorKmh", 0, 50, "km/h", "a driver holds an approach speed within a few km/h");

    /// <summary>Monte-Carlo draws (also held to <see cref="WorkLimits.MonteCarloRuns"/>).</summary>
    public static readonly PlausibleRange Draws = new("samples", 1, 1_000_000_000, "", "draws of a Monte Carlo; the work is held to the monteCarloRuns limit", Whole: true);

    /// <summary>A random seed.</summary>
    public static readonly PlausibleRange Seed = new("seed", 0, int.MaxValue, "", "a 32-bit seed", Whole: true);

    // Journeys and scenarios.

    /// <summary>
    /// Years of any clock time in a scenario or timetable. Assumption: the tz database is reliable from 1970 and is
    /// projected a few decades ahead; a journey outside 1900-2200 is a typo, and far years overflow date arithmetic.
    /// </summary>
    public static readonly PlausibleRange Year = new("year", 1900, 2200, "", "time-zone rules are known from 1970 and projected a few decades ahead", Whole: true);

    /// <summary>Headway between convoy trains: 7 minutes in 2001 (shared/docs/mission.md); a day apart is no convoy.</summary>
    public static readonly PlausibleRange HeadwayMinutes = new("pilotHeadwayMinutes, escortHeadwayMinutes", 0, 1440, "min", "the pilot ran 7 minutes ahead in 2001; a day apart is no convoy");

    /// <summary>A stop's duration at a break of gauge or a traction change. Assumption: a bogie exchange takes hours, never a day.</summary>
    public static readonly PlausibleRange ChangeMinutes = new("durationMinutes", 0, 1440, "min", "a bogie exchange takes hours, never a day");

    /// <summary>Generated trains per day of one pattern: one a minute is more than any line carries.</summary>
    public static readonly PlausibleRange TrainsPerDay = new("trainsPerDay", 1, 1440, "", "one train a minute is more than any line carries", Whole: true);

    /// <summary>The interval between generated trains.</summary>
    public static readonly PlausibleRange IntervalMinutes = new("intervalMinutes", 1, 1440, "min", "from one a minute to one a day");

    /// <summary>Days of generated traffic: a year at most.</summary>
    public static readonly PlausibleRange TrafficDays = new("days", 1, 366, "", "a representative timetable covers days of the journey, a year at most", Whole: true);

    /// <summary>People of one role in a delegation (the whole delegation is also held to <see cref="WorkLimits.DelegationPeople"/>).</summary>
    public static readonly PlausibleRange People = new("counts, people, trainCrew, agents, teamSize, rank", 0, 5000, "", "a special train carries hundreds of people", Whole: true);

    /// <summary>Step of the evacuation coverage. Assumption: coverage changes over hundreds of metres; below 1 m only adds work.</summary>
    public static readonly PlausibleRange EvacuationStep = new("stepMeters", 1, 1000, "m", "coverage changes over hundreds of metres");

    // Security, logistics and evacuation (scenario sections of issue 7).

    /// <summary>Road speed of a security team or an evacuation. Assumption: a road convoy runs under 130 km/h.</summary>
    public static readonly PlausibleRange RoadSpeed = new("roadSpeedKmh", 0, 200, "km/h", "a road convoy runs under 130 km/h", MinExclusive: true);

    /// <summary>Road distance over straight-line distance. Assumption: roads are rarely twice as long as the straight line.</summary>
    public static readonly PlausibleRange Detour = new("roadDetour", 1, 5, "", "roads are rarely twice as long as the straight line");

    /// <summary>How long before the convoy a site is swept. Assumption: hours, not days.</summary>
    public static readonly PlausibleRange WindowHours = new("windowOpenHours", 0, 48, "h", "a site is swept hours before the convoy passes, not days", MinExclusive: true);

    /// <summary>The short durations of security, logistics and evacuation, in minutes.</summary>
    public static readonly PlausibleRange Minutes = new("windowCloseMinutes, sweepMinutes, helicopterActivationMinutes, reverseMinutes, unloadMinutes, thresholdsMinutes, resupplyMinStopMinutes, minutesPerCar",
        0, 1440, "min", "a day is longer than any of these");

    /// <summary>Helicopter cruising speed: 200 to 300 km/h for medical helicopters.</summary>
    public static readonly PlausibleRange HelicopterSpeed = new("helicopterKmh", 0, 400, "km/h", "helicopters cruise at 200 to 300 km/h", MinExclusive: true);

    /// <summary>Road or air stretch from the line to an evacuation point.</summary>
    public static readonly PlausibleRange AccessKm = new("accessKm", 0, 1000, "km", "an evacuation point farther than 1,000 km is none");

    /// <summary>How long a stock item keeps.</summary>
    public static readonly PlausibleRange ShelfLife = new("shelfLifeHours", 0, 87_600, "h", "ten years is longer than any food keeps", MinExclusive: true);

    /// <summary>Shares of one (fuel efficiency, usable tank share).</summary>
    public static readonly PlausibleRange Fraction = new("efficiency, usableShare", 0, 1, "", "a share of one", MinExclusive: true);

    /// <summary>Energy of a litre of fuel: diesel has about 36 MJ/l.</summary>
    public static readonly PlausibleRange FuelEnergy = new("megajoulesPerLitre", 0, 50, "MJ/l", "diesel has about 36 MJ/l", MinExclusive: true);

    /// <summary>Litres per hour or per person and day (idle fuel, water).</summary>
    public static readonly PlausibleRange Litres = new("idleLitresPerHour, waterLitresPerPersonDay", 0, 1000, "l", "tens of litres an hour idling; 100 to 200 l of water a day");

    /// <summary>Relative shares (cuisines).</summary>
    public static readonly PlausibleRange Share = new("cuisines", 0, 1000, "", "relative shares");

    /// <summary>Trains a facility takes at once (a bogie-exchange shed).</summary>
    public static readonly PlausibleRange FacilityTrains = new("capacityTrains", 1, 100, "", "a shed takes a few trains at a time", Whole: true);

    // The simulation's disturbances (`fortress simulate --hold`, `--late`; any caller of the engine).

    /// <summary>
    /// An unplanned hold, a late departure or a dwell extension. Assumption: a train held or late by more than two days is
    /// cancelled, not delayed (the clearance's longest hold, <c>maxHoldMinutes</c>, is also two days); a far longer one
    /// would only make the engine simulate an empty line for the rest of that time.
    /// </summary>
    public static readonly PlausibleRange DisturbanceMinutes = new("--hold, --late (minutes)", 0, 2 * 1440, "min", "a train held or late by more than two days is cancelled, not delayed");

    // Command-line options of `fortress run`.

    /// <summary>Running-time allowance: UIC 451-1 gives 3 to 7 %; doubling the time is the most anyone plans.</summary>
    public static readonly PlausibleRange AllowancePercent = new("--allowance", 0, 100, "%", "UIC 451-1 allowances are 3 to 7 %");

    /// <summary>Extra margin spread over a run. Assumption: a day is more than any run's margin.</summary>
    public static readonly PlausibleRange MarginSeconds = new("--margin", 0, 86_400, "s", "a day is more than any run's margin");

    /// <summary>Profile resampling step (the sample count is also held to <see cref="WorkLimits.ProfileSamples"/>).</summary>
    public static readonly PlausibleRange ProfileStep = new("--profile-step", 0.01, 100_000, "m", "from a centimetre to 100 km", MinExclusive: false);

    /// <summary>Every range above, for documentation and its test.</summary>
    public static IReadOnlyList<PlausibleRange> All { get; } = typeof(Plausible).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(PlausibleRange)).Select(f => (PlausibleRange)f.GetValue(null)!).ToArray();
}
