using System.Xml.Linq;

namespace Tandem.Lab.Store;

/// <summary>A folder of a mailbox or of the public-folder tree, with the indexes requests need (items, changes).</summary>
internal sealed class LabFolder
{
    public const string PublicOwner = "public";

    public required string Id { get; init; }

    /// <summary>Mailbox address (lower case) or <see cref="PublicOwner"/>.</summary>
    public required string Owner { get; init; }

    public string? ParentId { get; set; }

    public required string DisplayName { get; set; }

    public string? FolderClass { get; set; }

    /// <summary>Folder, ContactsFolder, CalendarFolder, TasksFolder.</summary>
    public required string ElementName { get; init; }

    public string? Distinguished { get; init; }

    public long ChangeNumber { get; set; }

    public long CreatedChangeNumber { get; set; }

    public DateTimeOffset LastCommit { get; set; }

    public int DeletedCount { get; set; }

    public bool IsPublic => Owner == PublicOwner;

    public Dictionary<string, LabItem> Items { get; } = new(StringComparer.Ordinal);

    public List<string> Children { get; } = [];

    public ChangeLog Changes { get; } = new();

    public Dictionary<string, XElement> Extended { get; } = new(StringComparer.Ordinal);

    public string ChangeKey => LabIds.ChangeKey(1, ChangeNumber);
}
