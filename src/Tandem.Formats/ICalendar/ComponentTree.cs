using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>Nests content lines into components by BEGIN/END, checking that they balance.</summary>
internal static class ComponentTree
{
    /// <summary>Nesting deeper than this is not a calendar but an attack or garbage.</summary>
    private const int MaxDepth = 16;

    private static readonly string[] KnownNames = ["VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VTIMEZONE", "VALARM", "STANDARD", "DAYLIGHT"];

    /// <summary>The top-level components (normally VCALENDARs) of <paramref name="lines"/>.</summary>
    public static List<CalendarComponent> Build(IReadOnlyList<ContentLine> lines, string? fileName)
    {
        var roots = new List<CalendarComponent>();
        var stack = new Stack<CalendarComponent>();
        // Properties gather in one scratch list per depth and are copied once, at END, into an exact-size list.
        var scratch = new List<List<ContentLine>>();
        foreach (var line in lines)
        {
            if (line.Name == "BEGIN")
            {
                var name = ComponentName(line.RawValue);
                if (name.Length == 0) throw new FormatParseException(fileName, line.LineNumber, "BEGIN without a component name");
                if (stack.Count >= MaxDepth) throw new FormatParseException(fileName, line.LineNumber, $"components nested deeper than {MaxDepth}");
                var component = new CalendarComponent(name, line.LineNumber);
                if (stack.Count == 0) roots.Add(component);
                else stack.Peek().Children.Add(component);
                stack.Push(component);
                if (scratch.Count < stack.Count) scratch.Add([]);
                scratch[stack.Count - 1].Clear();
            }
            else if (line.Name == "END")
            {
                var name = ComponentName(line.RawValue);
                if (stack.Count == 0) throw new FormatParseException(fileName, line.LineNumber, $"END:{name} without a matching BEGIN");
                if (stack.Peek().Name != name)
                    throw new FormatParseException(fileName, line.LineNumber, $"END:{name} does not close BEGIN:{stack.Peek().Name} (line {stack.Peek().Line})");
                var properties = scratch[stack.Count - 1];
                stack.Pop().Properties.AddRange(properties);
                properties.Clear();
            }
            else
            {
                if (stack.Count == 0) throw new FormatParseException(fileName, line.LineNumber, $"property {line.Name} outside any component");
                scratch[stack.Count - 1].Add(line);
            }
        }
        if (stack.Count > 0)
        {
            var open = stack.Peek();
            throw new FormatParseException(fileName, open.Line, $"BEGIN:{open.Name} is never closed");
        }
        return roots;
    }

    /// <summary>The upper-cased name, without allocating for the usual ones (a calendar has thousands of BEGIN/END lines).</summary>
    private static string ComponentName(string raw)
    {
        var name = raw.AsSpan().Trim();
        foreach (var known in KnownNames)
        {
            if (name.Equals(known, StringComparison.OrdinalIgnoreCase)) return known;
        }
        return name.ToString().ToUpperInvariant();
    }
}
