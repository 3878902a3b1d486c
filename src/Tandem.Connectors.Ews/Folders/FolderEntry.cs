using System.Xml.Linq;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Folders;

/// <summary>A folder as FindFolder/GetFolder return it.</summary>
internal sealed record FolderEntry(string Id, string? ChangeKey, string DisplayName, string? FolderClass, int? TotalCount, int? ChildFolderCount, string? ParentId = null)
{
    public FolderAddress Address => FolderAddress.ById(Id);

    public ItemKind? Kind => KindOf(FolderClass);

    public static ItemKind? KindOf(string? folderClass) => folderClass switch
    {
        null => null,
        _ when folderClass.StartsWith("IPF.Contact", StringComparison.OrdinalIgnoreCase) => ItemKind.Contact,
        _ when folderClass.StartsWith("IPF.Appointment", StringComparison.OrdinalIgnoreCase) => ItemKind.Event,
        _ when folderClass.StartsWith("IPF.Task", StringComparison.OrdinalIgnoreCase) => ItemKind.Task,
        _ when folderClass.StartsWith("IPF.StickyNote", StringComparison.OrdinalIgnoreCase) => ItemKind.Note,
        _ when folderClass.StartsWith("IPF.Note", StringComparison.OrdinalIgnoreCase) => ItemKind.Message,
        _ => null,
    };

    public static FolderEntry? Parse(XElement folder)
    {
        var id = folder.TChild("FolderId");
        if (id?.Attribute("Id") is not { } idAttr) return null;
        return new FolderEntry(idAttr.Value, (string?)id.Attribute("ChangeKey"), folder.Text("DisplayName") ?? string.Empty,
            folder.Text("FolderClass"), folder.Int("TotalCount"), folder.Int("ChildFolderCount"),
            (string?)folder.TChild("ParentFolderId")?.Attribute("Id"));
    }
}
