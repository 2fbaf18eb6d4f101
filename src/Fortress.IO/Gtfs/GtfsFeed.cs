using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using Fortress.Diagnostics;

namespace Fortress.IO.Gtfs;

/// <summary>One data row of a GTFS file, with the file name and CSV line it came from.</summary>
internal sealed class GtfsRow(string file, int line, IReadOnlyDictionary<string, int> columns, string[] values)
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Where => $"{File}:{Line}";

    /// <summary>The trimmed field, or null when the column is absent or the field empty.</summary>
    public string? this[string column] =>
        columns.TryGetValue(column, out var i) && i < values.Length && values[i].Trim() is { Length: > 0 } v ? v : null;
}

/// <summary>A GTFS feed as a set of named CSV files, read from a .zip or a folder (files may sit in one sub-folder of the zip).</summary>
internal sealed class GtfsFeed
{
    private readonly Dictionary<string, string> texts;

    private GtfsFeed(string name, Dictionary<string, string> texts)
    {
        Name = name;
        this.texts = texts;
    }

    public string Name { get; }

    public static GtfsFeed Open(string path)
    {
        var texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Directory.Exists(path))
        {
            foreach (var f in Directory.EnumerateFiles(path, "*.txt")) texts[Path.GetFileName(f)] = File.ReadAllText(f);
        }
        else if (File.Exists(path))
        {
            try
            {
                using var zip = ZipFile.OpenRead(path);
                foreach (var e in zip.Entries)
                {
                    if (!e.Name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)) continue;
                    using var r = new StreamReader(e.Open());
                    texts.TryAdd(e.Name, r.ReadToEnd());
                }
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidInputException(path, "not a GTFS feed: neither a folder nor a readable .zip (" + ex.Message + ")");
            }
        }
        else throw new InvalidInputException(path, "no such file or folder");
        return new GtfsFeed(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), texts);
    }

    public bool Has(string file) => texts.ContainsKey(file);

    /// <summary>
    /// Every data row of <paramref name="file"/> (empty when the file is absent). A missing required column is a problem
    /// at line 1 and the rows are not returned.
    /// </summary>
    public IReadOnlyList<GtfsRow> Rows(string file, ProblemList problems, params string[] requiredColumns)
    {
        if (!texts.TryGetValue(file, out var text)) return [];
        var rows = new List<GtfsRow>();
        var options = new CsvReaderOptions { TrackLineNumbers = true, SkipEmptyLines = true };
        using var csv = CsvReader.FromText(text.TrimStart('\uFEFF'), options);
        IReadOnlyList<string> header;
        try
        {
            header = csv.Headers.ToArray();
        }
        catch (CsvFormatException ex)
        {
            problems.Add($"{file}:1", "unreadable header: " + ex.Message);
            return [];
        }
        if (header.Count == 0)
        {
            problems.Add($"{file}:1", "the file is empty: a header line is required");
            return [];
        }
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++) columns.TryAdd(header[i].Trim().TrimStart('\uFEFF'), i);
        var missing = requiredColumns.Where(c => !columns.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
        {
            problems.Add($"{file}:1", $"missing required column(s): {string.Join(", ", missing)}");
            return [];
        }
        try
        {
            while (csv.Read())
            {
                var record = new string[csv.FieldCount];
                for (var i = 0; i < record.Length; i++) record[i] = csv.GetString(i);
                if (record.All(string.IsNullOrWhiteSpace)) continue;
                rows.Add(new GtfsRow(file, (int)csv.LineNumber, columns, record));
            }
        }
        catch (CsvFormatException ex)
        {
            problems.Add($"{file}:{rows.LastOrDefault()?.Line + 1 ?? 2}", "malformed CSV: " + ex.Message);
        }
        return rows;
    }
}
