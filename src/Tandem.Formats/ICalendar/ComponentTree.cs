using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>
/// Nests content lines into components by BEGIN/END, checking that they balance. Lines are taken one by one
/// as the reader makes them (<see cref="ILineSink"/>), so a calendar's lines are never gathered in one list first.
/// </summary>
internal sealed class ComponentTree(string? fileName) : ILineSink
{
    /// <summary>Nesting deeper than this is not a calendar but an attack or garbage.</summary>
    private const int MaxDepth = 16;

    private static readonly string[] KnownNames = ["VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VTIMEZONE", "VALARM", "STANDARD", "DAYLIGHT"];

    private readonly List<CalendarComponent> _roots = [];
    private readonly Stack<CalendarComponent> _stack = new();

    // Properties and children gather in one scratch list per depth and are copied once, at END, into exact-size arrays.
    private readonly List<List<ContentLine>> _properties = [];
    private readonly List<List<CalendarComponent>> _children = [];

    // The first nesting error. Reading goes on, so that a broken content line further down is still the error
    // reported, as when the whole file was read before it was nested.
    private FormatParseException? _error;

    public ContentLine? Spare => null;

    /// <summary>The top-level components (normally VCALENDARs) of <paramref name="lines"/>.</summary>
    public static List<CalendarComponent> Build(IReadOnlyList<ContentLine> lines, string? fileName)
    {
        var tree = new ComponentTree(fileName);
        foreach (var line in lines) tree.Add(line);
        return tree.Finish();
    }

    public void Add(ContentLine line)
    {
        if (_error is not null) return;
        _error = Nest(line);
    }

    /// <summary>The top-level components, once every line has been added.</summary>
    public List<CalendarComponent> Finish()
    {
        if (_error is not null) throw _error;
        if (_stack.Count > 0)
        {
            var open = _stack.Peek();
            throw new FormatParseException(fileName, open.Line, $"BEGIN:{open.Name} is never closed");
        }
        return _roots;
    }

    private FormatParseException? Nest(ContentLine line)
    {
        if (line.Name == "BEGIN")
        {
            var name = ComponentName(line.RawValue);
            if (name.Length == 0) return new FormatParseException(fileName, line.LineNumber, "BEGIN without a component name");
            if (_stack.Count >= MaxDepth) return new FormatParseException(fileName, line.LineNumber, $"components nested deeper than {MaxDepth}");
            var component = new CalendarComponent(name, line.LineNumber);
            if (_stack.Count == 0) _roots.Add(component);
            else _children[_stack.Count - 1].Add(component);
            _stack.Push(component);
            if (_properties.Count < _stack.Count)
            {
                _properties.Add([]);
                _children.Add([]);
            }
            _properties[_stack.Count - 1].Clear();
            _children[_stack.Count - 1].Clear();
        }
        else if (line.Name == "END")
        {
            var name = ComponentName(line.RawValue);
            if (_stack.Count == 0) return new FormatParseException(fileName, line.LineNumber, $"END:{name} without a matching BEGIN");
            if (_stack.Peek().Name != name)
                return new FormatParseException(fileName, line.LineNumber, $"END:{name} does not close BEGIN:{_stack.Peek().Name} (line {_stack.Peek().Line})");
            var depth = _stack.Count - 1;
            _stack.Pop().Complete([.. _properties[depth]], [.. _children[depth]]);
            _properties[depth].Clear();
            _children[depth].Clear();
        }
        else
        {
            if (_stack.Count == 0) return new FormatParseException(fileName, line.LineNumber, $"property {line.Name} outside any component");
            _properties[_stack.Count - 1].Add(line);
        }
        return null;
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
