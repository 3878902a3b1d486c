using Tandem.Connectors.Dav.Protocol;
using Tandem.Core.Items;
using static Tandem.Connectors.Dav.Protocol.DavNames;

namespace Tandem.Connectors.Dav;

/// <summary>A calendar or address book as its PROPFIND describes it.</summary>
internal sealed record DavCollection(Uri Url, string? DisplayName, IReadOnlyList<ItemKind> Kinds, bool SupportsSyncCollection, string? Ctag)
{
    public static readonly System.Xml.Linq.XName[] Properties = [ResourceType, DavNames.DisplayName, SupportedComponents, SupportedReportSet, GetCtag];

    /// <summary>Null when the response is not a calendar or address book (a plain collection, a scheduling inbox).</summary>
    public static DavCollection? From(Uri url, DavResponse response)
    {
        var type = response.Element(ResourceType);
        if (type is null) return null;
        List<ItemKind> kinds;
        if (type.Element(CR + "addressbook") is not null)
        {
            kinds = [ItemKind.Contact];
        }
        else if (type.Element(C + "calendar") is not null)
        {
            // without the property a calendar takes every component type (RFC 4791 §5.2.3)
            var comps = response.Element(SupportedComponents)?.Elements(C + "comp").Select(c => (string?)c.Attribute("name")).ToList();
            kinds = comps is null || comps.Count == 0
                ? [ItemKind.Event, ItemKind.Task, ItemKind.Note]
                : comps.Select(KindOf).OfType<ItemKind>().Distinct().ToList();
            if (kinds.Count == 0) return null;
        }
        else
        {
            return null;
        }
        var reports = response.Element(SupportedReportSet);
        var sync = reports is not null && reports.Descendants(D + "sync-collection").Any();
        return new DavCollection(url, response.Text(DavNames.DisplayName), kinds, sync, response.Text(GetCtag));
    }

    public static string Component(ItemKind kind) => kind switch
    {
        ItemKind.Event => "VEVENT",
        ItemKind.Task => "VTODO",
        ItemKind.Note => "VJOURNAL",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "contacts live in address books"),
    };

    private static ItemKind? KindOf(string? component) => component?.ToUpperInvariant() switch
    {
        "VEVENT" => ItemKind.Event,
        "VTODO" => ItemKind.Task,
        "VJOURNAL" => ItemKind.Note,
        _ => null,
    };
}
