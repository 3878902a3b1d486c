using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Dav.Sessions;

/// <summary>
/// Tandem's stamp inside a DAV resource: the X-TANDEM-STAMP line the local connector writes too (same name and
/// encoding, so a stamped item reads the same in either store), carried through the codecs as an extra property.
/// </summary>
internal static class DavStamp
{
    public const string Name = "X-TANDEM-STAMP";

    public static ExtraProperty Property(ItemStamp stamp) =>
        new(Name, $"{Name}:{Uri.EscapeDataString(stamp.GroupId)}/{Uri.EscapeDataString(stamp.LogicalId)}/{Uri.EscapeDataString(stamp.IntentKey)}");

    public static bool Is(ExtraProperty extra) => string.Equals(extra.Name, Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The item without its stamp line, and the stamp it carried.</summary>
    public static (CanonicalItem Item, ItemStamp? Stamp) Extract(CanonicalItem item)
    {
        var stamp = item.Extras.Where(Is).Select(e => Decode(e.Line)).FirstOrDefault(s => s is not null);
        return item.Extras.Any(Is) ? (item with { Extras = item.Extras.Where(e => !Is(e)).ToValueList() }, stamp) : (item, null);
    }

    private static ItemStamp? Decode(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var parts = colon < 0 ? [] : line[(colon + 1)..].Trim().Split('/');
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
}
