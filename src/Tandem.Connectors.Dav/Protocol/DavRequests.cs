using System.Xml.Linq;
using static Tandem.Connectors.Dav.Protocol.DavNames;

namespace Tandem.Connectors.Dav.Protocol;

/// <summary>The XML bodies Tandem sends: PROPFIND, sync-collection, multiget, extended MKCOL.</summary>
internal static class DavRequests
{
    public static XDocument Propfind(params XName[] props) =>
        new(new XElement(D + "propfind", NamespaceDeclarations(), new XElement(D + "prop", props.Select(p => new XElement(p)))));

    /// <summary>
    /// RFC 6578 §3.2: Depth 0 on the collection, level 1; an empty token asks for the whole listing. With
    /// <paramref name="data"/> (calendar-data or address-data) the changed members come with their bodies, so no
    /// multiget has to follow; a server that leaves the bodies out has them fetched by multiget instead.
    /// </summary>
    public static XDocument SyncCollection(string? token, XName? data = null) =>
        new(new XElement(D + "sync-collection", NamespaceDeclarations(),
            new XElement(SyncToken, token ?? ""),
            new XElement(D + "sync-level", "1"),
            new XElement(D + "prop", new XElement(GetEtag), data is null ? null : new[] { new XElement(GetLastModified), new XElement(data) })));

    public static XDocument Multiget(bool contacts, IEnumerable<string> hrefs)
    {
        var root = contacts ? CR + "addressbook-multiget" : C + "calendar-multiget";
        var data = contacts ? AddressData : CalendarData;
        return new(new XElement(root, NamespaceDeclarations(),
            new XElement(D + "prop", new XElement(GetEtag), new XElement(GetLastModified), new XElement(data)),
            hrefs.Select(h => new XElement(Href, h))));
    }

    /// <summary>RFC 5689 extended MKCOL: a calendar limited to one component type, or an address book.</summary>
    public static XDocument MakeCollection(string displayName, string? component)
    {
        var type = component is null ? new XElement(CR + "addressbook") : new XElement(C + "calendar");
        var props = new List<XElement>
        {
            new(ResourceType, new XElement(D + "collection"), type),
            new(DisplayName, displayName),
        };
        if (component is not null) props.Add(new XElement(SupportedComponents, new XElement(C + "comp", new XAttribute("name", component))));
        return new(new XElement(D + "mkcol", NamespaceDeclarations(), new XElement(D + "set", new XElement(D + "prop", props))));
    }

    /// <summary>RFC 4791 MKCALENDAR, for servers without extended MKCOL.</summary>
    public static XDocument MakeCalendar(string displayName, string component) =>
        new(new XElement(C + "mkcalendar", NamespaceDeclarations(), new XElement(D + "set", new XElement(D + "prop",
            new XElement(DisplayName, displayName),
            new XElement(SupportedComponents, new XElement(C + "comp", new XAttribute("name", component)))))));

    private static XAttribute[] NamespaceDeclarations() =>
    [
        new(XNamespace.Xmlns + "D", D.NamespaceName),
        new(XNamespace.Xmlns + "C", C.NamespaceName),
        new(XNamespace.Xmlns + "CR", CR.NamespaceName),
        new(XNamespace.Xmlns + "CS", CS.NamespaceName),
    ];
}
