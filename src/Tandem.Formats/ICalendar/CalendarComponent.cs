using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>One BEGIN/END block: its own properties in file order and its nested components.</summary>
internal sealed class CalendarComponent(string name, int line)
{
    public string Name { get; } = name;

    /// <summary>Line of the BEGIN, for error messages.</summary>
    public int Line { get; } = line;

    // Arrays, set once at END: a calendar has tens of thousands of components, most with no children at all.
    public ContentLine[] Properties { get; private set; } = [];

    public CalendarComponent[] Children { get; private set; } = [];

    /// <summary>Sets what the block holds when its END is read.</summary>
    public void Complete(ContentLine[] properties, CalendarComponent[] children)
    {
        Properties = properties;
        Children = children;
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
