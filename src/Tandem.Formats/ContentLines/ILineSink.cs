namespace Tandem.Formats.ContentLines;

/// <summary>Where <see cref="ContentLineReader"/> puts the lines it reads, and where it may find one to reuse.</summary>
internal interface ILineSink
{
    /// <summary>A line no longer in use that the next line may overwrite, or null to make a new one.</summary>
    ContentLine? Spare { get; }

    void Add(ContentLine line);
}

/// <summary>A plain list of new lines, for reads whose lines are kept.</summary>
internal readonly struct ListSink(List<ContentLine> lines) : ILineSink
{
    public ContentLine? Spare => null;

    public void Add(ContentLine line) => lines.Add(line);
}
