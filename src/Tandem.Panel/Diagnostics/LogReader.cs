using System.Text.RegularExpressions;

namespace Tandem.Panel.Diagnostics;

/// <summary>
/// Reads the service's rolling diagnostic files (DiagnosticLogging's template:
/// <c>time [LVL] eventId source: message</c>), newest last; lines that do not start an entry (exception traces) join
/// the entry above.
/// </summary>
internal static partial class LogReader
{
    private static readonly string[] Levels = ["VRB", "DBG", "INF", "WRN", "ERR", "FTL"];

    [GeneratedRegex(@"^(?<at>\d{4}-\d\d-\d\dT\S+) \[(?<level>[A-Z]{3})\] (?<id>\S*) (?<source>[^:]*): (?<message>.*)$")]
    private static partial Regex Entry();

    public static IReadOnlyList<LogLine> Read(string? directory, LogFilter filter, int maxFiles = 3)
    {
        if (directory is null || !Directory.Exists(directory)) return [];
        var minimum = filter.Level is { Length: > 0 } l ? Array.IndexOf(Levels, Short(l)) : -1;
        var files = Directory.GetFiles(directory, "tandem-*.log").Order(StringComparer.Ordinal).TakeLast(maxFiles);
        var lines = new List<LogLine>();
        foreach (var file in files)
        {
            foreach (var text in ReadShared(file))
            {
                var m = Entry().Match(text);
                if (m.Success) lines.Add(new LogLine(m.Groups["at"].Value, m.Groups["level"].Value, m.Groups["id"].Value, m.Groups["source"].Value, m.Groups["message"].Value));
                else if (lines.Count > 0 && text.Length > 0) lines[^1] = lines[^1] with { Message = lines[^1].Message + "\n" + text };
            }
        }
        IEnumerable<LogLine> selected = lines;
        if (minimum >= 0) selected = selected.Where(x => Array.IndexOf(Levels, x.Level) >= minimum);
        if (filter.Group is { Length: > 0 } g) selected = selected.Where(x => x.Message.Contains(g, StringComparison.OrdinalIgnoreCase));
        if (filter.Member is { Length: > 0 } member) selected = selected.Where(x => x.Message.Contains(member, StringComparison.OrdinalIgnoreCase));
        return [.. selected.TakeLast(Math.Clamp(filter.Limit, 1, 5000))];
    }

    private static string Short(string level) => level.Trim().ToUpperInvariant() switch
    {
        "INFORMATION" or "INFO" => "INF",
        "WARNING" or "WARN" => "WRN",
        "ERROR" => "ERR",
        "FATAL" => "FTL",
        "DEBUG" => "DBG",
        var other => other,
    };

    /// <summary>The service keeps writing the file: open it shared.</summary>
    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line) yield return line;
    }
}
