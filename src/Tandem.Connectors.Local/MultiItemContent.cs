using System.Security.Cryptography;
using System.Text;
using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local;

/// <summary>
/// The items of one multi-item document (a .vcf/.ics member file, a published feed) as remote items: an item's id
/// is its UID, else our stamp, else its title (numbered when repeated), so ids survive edits and reordering; its
/// change key is a digest of the item as read. An unreadable item is an entry with its reason, to be quarantined.
/// </summary>
internal static class MultiItemContent
{
    public static List<RemoteItem> Read(IItemFileFormat format, ItemKind kind, ReadOnlySpan<byte> content, string name, DateTimeOffset? modified)
    {
        var parsed = format.Read(content, name);
        var entries = new List<(CanonicalItem? Item, ItemStamp? Stamp, string? Error, string? Note)>(parsed.Count);
        foreach (var p in parsed)
        {
            if (p.Item is null) entries.Add((null, null, p.Error ?? $"{name}: unreadable item", null));
            else if (p.Item.Kind != kind) entries.Add((null, null, $"{name}: holds a {p.Item.Kind}, but this member holds {kind}s", null));
            else
            {
                var (clean, stamp) = ItemStampProperty.Extract(p.Item);
                entries.Add((clean, stamp, null, p.Note));
            }
        }
        var ids = Ids(entries.Select(e => (e.Item, e.Stamp)).ToList());
        var result = new List<RemoteItem>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var (item, stamp, error, note) = entries[i];
            result.Add(item is null
                ? new RemoteItem(ids[i], "error:" + Hash(error!), null, null, modified, error)
                : new RemoteItem(ids[i], KeyOf(item, stamp), item, stamp, modified, ReadNote: note));
        }
        return result;
    }

    /// <summary>UID, else stamp, else title; a repeat gets "#2", "#3"… in document order. An unreadable item is "#error-N".</summary>
    public static List<string> Ids(IReadOnlyList<(CanonicalItem? Item, ItemStamp? Stamp)> items)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var (item, stamp) = items[i];
            var id = item is null ? $"#error-{i + 1}"
                : !string.IsNullOrWhiteSpace(item.Uid) ? "uid:" + item.Uid.Trim()
                : stamp is not null ? "stamp:" + stamp.LogicalId
                : "title:" + item.Title;
            var n = seen[id] = seen.GetValueOrDefault(id) + 1;
            ids.Add(n == 1 ? id : $"{id}#{n}");
        }
        return ids;
    }

    public static string KeyOf(CanonicalItem item, ItemStamp? stamp) => Hash(ItemJson.Serialize(stamp is null ? item : ItemStampProperty.Attach(item, stamp)));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
