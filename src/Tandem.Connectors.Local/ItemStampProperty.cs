using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local;

/// <summary>
/// Tandem's stamp inside a .vcf/.ics file: one X-TANDEM-STAMP line, kept through the codecs as an
/// <see cref="ExtraProperty"/>. Each part is percent-encoded so the value needs no vCard/iCalendar escaping
/// and survives any codec that writes unknown lines verbatim.
/// </summary>
internal static class ItemStampProperty
{
    public const string Name = "X-TANDEM-STAMP";

    public static string Encode(ItemStamp stamp) =>
        $"{Name}:{Uri.EscapeDataString(stamp.GroupId)}/{Uri.EscapeDataString(stamp.LogicalId)}/{Uri.EscapeDataString(stamp.IntentKey)}";

    public static ItemStamp? Decode(string line)
    {
        var colon = line.IndexOf(':');
        if (colon < 0) return null;
        var parts = line[(colon + 1)..].Trim().Split('/');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0) return null;
        try
        {
            return new ItemStamp(Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]), Uri.UnescapeDataString(parts[2]));
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    /// <summary>The item with its stamp line removed (it belongs to this file, not to the content) and the stamp found.</summary>
    public static (CanonicalItem Item, ItemStamp? Stamp) Extract(CanonicalItem item)
    {
        ItemStamp? stamp = null;
        var kept = new List<ExtraProperty>(item.Extras.Count);
        foreach (var extra in item.Extras)
        {
            if (IsStamp(extra)) stamp ??= Decode(extra.Line);
            else kept.Add(extra);
        }
        return kept.Count == item.Extras.Count ? (item, stamp) : (item with { Extras = kept.ToValueList() }, stamp);
    }

    /// <summary>The item carrying exactly one stamp line: ours (another member's stamp may travel in Extras).</summary>
    public static CanonicalItem Attach(CanonicalItem item, ItemStamp stamp)
    {
        var extras = item.Extras.Where(e => !IsStamp(e)).Append(new ExtraProperty(Name, Encode(stamp)));
        return item with { Extras = extras.ToValueList() };
    }

    private static bool IsStamp(ExtraProperty extra) => string.Equals(extra.Name, Name, StringComparison.OrdinalIgnoreCase);
}
