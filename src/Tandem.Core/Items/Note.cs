namespace Tandem.Core.Items;

/// <summary>An Outlook sticky note (IPM.StickyNote) / iCalendar VJOURNAL.</summary>
public sealed record Note : CanonicalItem
{
    public override ItemKind Kind => ItemKind.Note;

    public string? Subject { get; init; }
    public string? Body { get; init; }
    public NoteColor Color { get; init; } = NoteColor.Yellow;

    public override string Title => string.IsNullOrWhiteSpace(Subject) ? "(untitled note)" : Subject!;
}
