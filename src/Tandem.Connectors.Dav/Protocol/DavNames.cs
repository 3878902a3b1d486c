using System.Xml.Linq;

namespace Tandem.Connectors.Dav.Protocol;

/// <summary>The XML namespaces and element names of WebDAV, CalDAV, CardDAV and the calendarserver extensions.</summary>
internal static class DavNames
{
    public static readonly XNamespace D = "DAV:";
    public static readonly XNamespace C = "urn:ietf:params:xml:ns:caldav";
    public static readonly XNamespace CR = "urn:ietf:params:xml:ns:carddav";
    public static readonly XNamespace CS = "http://calendarserver.org/ns/";

    public static readonly XName Href = D + "href";
    public static readonly XName GetEtag = D + "getetag";
    public static readonly XName GetLastModified = D + "getlastmodified";
    public static readonly XName DisplayName = D + "displayname";
    public static readonly XName ResourceType = D + "resourcetype";
    public static readonly XName SyncToken = D + "sync-token";
    public static readonly XName SupportedReportSet = D + "supported-report-set";
    public static readonly XName CurrentUserPrincipal = D + "current-user-principal";
    public static readonly XName GetCtag = CS + "getctag";
    public static readonly XName CalendarHomeSet = C + "calendar-home-set";
    public static readonly XName AddressbookHomeSet = CR + "addressbook-home-set";
    public static readonly XName SupportedComponents = C + "supported-calendar-component-set";
    public static readonly XName CalendarData = C + "calendar-data";
    public static readonly XName AddressData = CR + "address-data";
}
