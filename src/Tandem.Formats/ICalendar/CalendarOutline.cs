using System.Buffers;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>
/// Nests a calendar's lines by BEGIN/END as the reader makes them, checking that they balance, and cuts them into
/// top-level components (<see cref="CalendarUnit"/>). The lines are kept as <see cref="LineState"/>s in one pooled
/// array, not as objects: a calendar has a hundred thousand lines, all alive until every item is read, and objects
/// that live that long are copied by every collection on the way to the old generation. A unit becomes a
/// <see cref="CalendarComponent"/> only when it is read (<see cref="Open"/>), on line objects reused unit after unit.
/// </summary>
internal sealed class CalendarOutline(string? fileName, int expectedLines) : ILineSink
{
    /// <summary>Nesting deeper than this is not a calendar but an attack or garbage.</summary>
    private const int MaxDepth = 16;

    private static readonly string[] KnownNames = ["VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VTIMEZONE", "VALARM", "STANDARD", "DAYLIGHT"];

    private readonly ContentLine _scratch = new("X", null, "");
    private readonly List<(string Name, int Line, int First, bool IsUnit)> _open = [];
    private readonly List<CalendarUnit> _units = [];
    private LineState[]? _states = ArrayPool<LineState>.Shared.Rent(Math.Max(expectedLines, 16));
    private int _count;

    // What the unit being read says about its series: its first UID, whether it has a RECURRENCE-ID.
    private string? _uid;
    private bool _uidSeen;
    private bool _override;

    // The first nesting error. Reading goes on, so that a broken content line further down is still the error
    // reported, as when the whole file was read before it was nested.
    private FormatParseException? _error;

    // What Open builds a unit with, reused unit after unit.
    private readonly List<ContentLine> _lines = [];
    private readonly List<CalendarComponent> _components = [];
    private readonly Stack<CalendarComponent> _stack = new();

    /// <summary>The reader fills this one line again and again; the outline keeps its state, not the object.</summary>
    public ContentLine? Spare => _scratch;

    /// <summary>Reads <paramref name="data"/> into this outline.</summary>
    public void Read(ReadOnlySpan<byte> data, FileSections sections, LineArena arena) =>
        ContentLineReader.ReadInto(this, data, fileName, 1, sections, arena);

    public void Add(ContentLine line)
    {
        if (_error is not null) return;
        _error = Nest(line);
        // Kept after nesting: a UID read there stays with the line, so the event reader finds the same string.
        Keep(line.State);
    }

    /// <summary>The top-level components, in file order, once every line has been added.</summary>
    public List<CalendarUnit> Finish()
    {
        if (_error is not null) throw _error;
        if (_open.Count > 0)
        {
            var (name, line, _, _) = _open[^1];
            throw new FormatParseException(fileName, line, $"BEGIN:{name} is never closed");
        }
        return _units;
    }

    /// <summary>Gives the line array back to the pool; no unit can be opened after this.</summary>
    public void Release()
    {
        if (_states is null) return;
        // The states hold the read's strings and arena: cleared, so that the pool does not keep them alive.
        Array.Clear(_states, 0, _count);
        ArrayPool<LineState>.Shared.Return(_states);
        _states = null;
    }

    /// <summary>The unit's component; it and its lines are valid until the next call.</summary>
    public CalendarComponent Open(CalendarUnit unit)
    {
        var states = _states ?? throw new InvalidOperationException("The calendar's read has ended.");
        _stack.Clear();
        var components = 0;
        CalendarComponent? root = null;
        for (var i = unit.First; i < unit.End; i++)
        {
            var line = Reused(_lines, i - unit.First, static () => new ContentLine("X", null, ""));
            line.Load(states[i]);
            if (line.Name == "BEGIN")
            {
                var component = Reused(_components, components++, static () => new CalendarComponent());
                component.Reset(ComponentName(line.RawValue), line.LineNumber);
                if (_stack.Count == 0) root = component;
                else _stack.Peek().Children.Add(component);
                _stack.Push(component);
            }
            else if (line.Name == "END")
            {
                _stack.Pop(); // the outline has checked that it closes the innermost open component
            }
            else
            {
                _stack.Peek().Properties.Add(line);
            }
        }
        return root!;
    }

    private static T Reused<T>(List<T> objects, int index, Func<T> make)
    {
        if (index == objects.Count) objects.Add(make());
        return objects[index];
    }

    private void Keep(in LineState state)
    {
        var states = _states ?? throw new InvalidOperationException("The calendar's read has ended.");
        if (_count == states.Length)
        {
            // More logical lines than the physical count foresaw (bare CRs among LFs): a larger array.
            var larger = ArrayPool<LineState>.Shared.Rent(states.Length * 2);
            states.AsSpan(0, _count).CopyTo(larger);
            Array.Clear(states, 0, _count);
            ArrayPool<LineState>.Shared.Return(states);
            _states = states = larger;
        }
        states[_count++] = state;
    }

    private FormatParseException? Nest(ContentLine line)
    {
        if (line.Name == "BEGIN")
        {
            var name = ComponentName(line.RawValue);
            if (name.Length == 0) return new FormatParseException(fileName, line.LineNumber, "BEGIN without a component name");
            if (_open.Count >= MaxDepth) return new FormatParseException(fileName, line.LineNumber, $"components nested deeper than {MaxDepth}");
            // A unit is a component of a VCALENDAR, or one standing alone without one.
            var isUnit = _open.Count == 0 ? name != "VCALENDAR" : _open.Count == 1 && _open[0].Name == "VCALENDAR";
            if (isUnit) (_uid, _uidSeen, _override) = (null, false, false);
            _open.Add((name, line.LineNumber, _count, isUnit));
        }
        else if (line.Name == "END")
        {
            var name = ComponentName(line.RawValue);
            if (_open.Count == 0) return new FormatParseException(fileName, line.LineNumber, $"END:{name} without a matching BEGIN");
            var open = _open[^1];
            if (open.Name != name) return new FormatParseException(fileName, line.LineNumber, $"END:{name} does not close BEGIN:{open.Name} (line {open.Line})");
            _open.RemoveAt(_open.Count - 1);
            if (open.IsUnit) _units.Add(new CalendarUnit(this, open.Name, open.Line, open.First, _count + 1, _uid, _override));
        }
        else if (_open.Count == 0)
        {
            return new FormatParseException(fileName, line.LineNumber, $"property {line.Name} outside any component");
        }
        else if (_open[^1].IsUnit && _open[^1].Name == "VEVENT")
        {
            // A series is grouped by these before any of its events is read.
            if (line.Name == "UID" && !_uidSeen) (_uid, _uidSeen) = (line.RawValue.Trim(), true);
            else if (line.Name == "RECURRENCE-ID") _override = true;
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
