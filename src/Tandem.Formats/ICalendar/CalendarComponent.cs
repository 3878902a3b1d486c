using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>
/// One BEGIN/END block: its own properties in file order and its nested components. The outline that opens it
/// (<see cref="CalendarOutline.Open"/>) reuses the object, its lists and its lines for the next unit it opens.
/// </summary>
internal sealed class CalendarComponent
{
    public string Name { get; private set; } = "";

    /// <summary>Line of the BEGIN, for error messages.</summary>
    public int Line { get; private set; }

    public List<ContentLine> Properties { get; } = [];

    public List<CalendarComponent> Children { get; } = [];

    /// <summary>Makes this an empty component named <paramref name="name"/> that begins on <paramref name="line"/>.</summary>
    public void Reset(string name, int line)
    {
        Name = name;
        Line = line;
        Properties.Clear();
        Children.Clear();
    }

    public ContentLine? First(string name)
    {
        foreach (var p in Properties)
        {
            if (p.Name == name) return p;
        }
        return null;
    }

    public IEnumerable<ContentLine> All(string name) => Properties.Where(p => p.Name == name);

    /// <summary>The block as unfolded lines, BEGIN to END, to keep an unknown component verbatim.</summary>
    public IEnumerable<string> ToUnfoldedLines()
    {
        yield return "BEGIN:" + Name;
        foreach (var p in Properties) yield return p.ToUnfoldedLine();
        foreach (var child in Children)
        {
            foreach (var line in child.ToUnfoldedLines()) yield return line;
        }
        yield return "END:" + Name;
    }
}
