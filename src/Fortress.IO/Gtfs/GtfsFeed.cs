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

    /// <summary>
    /// Opens a feed: a folder of .txt files or a .zip. Each file is read whole, at most
    /// <see cref="WorkLimits.ArchiveEntryBytes"/> bytes of text (counted while a zip entry inflates, so a small archive
    /// cannot expand into gigabytes), and must be UTF-8.
    /// </summary>
    public static GtfsFeed Open(string path)
    {
        var texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var limit = WorkLimits.Current.ArchiveEntryBytes;
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        if (InputFile.KindOf(path) == InputFile.Kind.Directory)
        {
            foreach (var f in Directory.EnumerateFiles(path, "*.txt"))
                texts[Path.GetFileName(f)] = InputFile.ReadText(f, $"{name}/{Path.GetFileName(f)}", limit);
        }
        else if (InputFile.KindOf(path) == InputFile.Kind.Missing) throw new InvalidInputException(path, "no such file or folder");
        else
        {
            try
            {
                using var zip = new ZipArchive(InputFile.OpenRead(path), ZipArchiveMode.Read);
                foreach (var e in zip.Entries)
                {
                    if (!e.Name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)) continue;
                    var where = $"{name}/{e.FullName}";
                    // The declared size first (cheap), then the bytes actually inflated (a declared size can lie).
                    WorkLimits.Check(where, "archiveEntryBytes", "the file's size once unpacked, in bytes", e.Length, limit);
                    using var s = e.Open();
                    using var ms = new MemoryStream();
                    var chunk = new byte[65536];
                    int n;
                    while ((n = s.Read(chunk, 0, chunk.Length)) > 0)
                    {
                        WorkLimits.Check(where, "archiveEntryBytes", "the file's size once unpacked, in bytes", ms.Length + n, limit);
                        ms.Write(chunk, 0, n);
                    }
                    texts.TryAdd(e.Name, InputFile.Utf8(ms.GetBuffer().AsSpan(0, (int)ms.Length), where));
                }
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidInputException(path, "not a GTFS feed: neither a folder nor a readable .zip (" + ex.Message + ")");
            }
        }
        return new GtfsFeed(name, texts);
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
