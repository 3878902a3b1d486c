using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>Writes a folder in a requested shape, in the schema order of its folder type.</summary>
internal static class FolderRenderer
{
    public static XElement Render(LabFolder folder, ResponseShape shape, LabStore store)
    {
        var all = new Dictionary<string, Func<XElement?>>(StringComparer.Ordinal)
        {
            ["FolderId"] = () => new XElement(Ns.T + "FolderId", new XAttribute("Id", folder.Id), new XAttribute("ChangeKey", folder.ChangeKey)),
            ["ParentFolderId"] = () => folder.ParentId is { } p && store.Folder(p) is { } parent
                ? new XElement(Ns.T + "ParentFolderId", new XAttribute("Id", parent.Id), new XAttribute("ChangeKey", parent.ChangeKey))
                : null,
            ["FolderClass"] = () => folder.FolderClass is null ? null : new XElement(Ns.T + "FolderClass", folder.FolderClass),
            ["DisplayName"] = () => new XElement(Ns.T + "DisplayName", folder.DisplayName),
            ["TotalCount"] = () => new XElement(Ns.T + "TotalCount", folder.Items.Count),
            ["ChildFolderCount"] = () => new XElement(Ns.T + "ChildFolderCount", folder.Children.Count),
            ["EffectiveRights"] = () => new XElement(Ns.T + "EffectiveRights",
                new XElement(Ns.T + "CreateAssociated", "true"),
                new XElement(Ns.T + "CreateContents", "true"),
                new XElement(Ns.T + "CreateHierarchy", "true"),
                new XElement(Ns.T + "Delete", "true"),
                new XElement(Ns.T + "Modify", "true"),
                new XElement(Ns.T + "Read", "true"),
                new XElement(Ns.T + "ViewPrivateItems", "true")),
            ["DistinguishedFolderId"] = () => folder.Distinguished is null ? null : new XElement(Ns.T + "DistinguishedFolderId", folder.Distinguished),
            ["UnreadCount"] = () => folder.ElementName == "Folder" ? new XElement(Ns.T + "UnreadCount", 0) : null,
        };

        IEnumerable<string> wanted = shape.BaseShape switch
        {
            "IdOnly" => ["FolderId"],
            "Default" => ["FolderId", "DisplayName", "TotalCount", "ChildFolderCount", "UnreadCount"],
            _ => all.Keys,
        };
        var names = new HashSet<string>(wanted, StringComparer.Ordinal);
        var extended = new List<XElement>();
        foreach (var path in shape.Additional)
        {
            if (path.Kind == PathKind.Field)
            {
                names.Add(path.Element);
            }
            else if (path.Kind == PathKind.Extended && FolderExtended(folder, path.ExtendedKey!) is { } values)
            {
                extended.Add(new XElement(Ns.T + "ExtendedProperty", new XElement(path.Source), values));
            }
        }

        var order = EwsSchema.Instance.ElementOrder(folder.ElementName + "Type");
        var parts = names.Where(n => all.ContainsKey(n) && order.ContainsKey(n))
            .Select(n => (Index: order[n], Element: all[n]()))
            .Where(p => p.Element is not null)
            .Concat(extended.Select(e => (Index: order["ExtendedProperty"], Element: (XElement?)e)))
            .OrderBy(p => p.Index)
            .Select(p => p.Element);
        return new XElement(Ns.T + folder.ElementName, parts);
    }

    private static XElement[]? FolderExtended(LabFolder folder, string key)
    {
        if (folder.Extended.TryGetValue(key, out var stored))
        {
            return [.. stored.Elements(Ns.T + "Value").Select(v => new XElement(v))];
        }

        // PR_LOCAL_COMMIT_TIME_MAX and PR_DELETED_COUNT_TOTAL: the cheap "did anything change" probes clients poll.
        if (key == ExtendedKey.Tag(0x670A))
        {
            return [new XElement(Ns.T + "Value", ItemRenderer.Time(folder.LastCommit))];
        }

        // PR_MESSAGE_SIZE of a folder: the total size of its items.
        if (key == ExtendedKey.Tag(0x0E08))
        {
            return [new XElement(Ns.T + "Value", folder.Items.Values.Sum(i => (long)ItemRenderer.Size(i)))];
        }

        return key == ExtendedKey.Tag(0x670B) ? [new XElement(Ns.T + "Value", folder.DeletedCount)] : null;
    }
}
