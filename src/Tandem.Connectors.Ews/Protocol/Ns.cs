using System.Xml.Linq;

namespace Tandem.Connectors.Ews.Protocol;

/// <summary>
/// The XML namespaces of EWS. The documentation pages show https:// variants after a blanket rewrite;
/// those are wrong on the wire (ews-notes.md trap 1), so they live in one place only.
/// </summary>
internal static class Ns
{
    public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";
    public static readonly XNamespace Errors = "http://schemas.microsoft.com/exchange/services/2006/errors";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    public static readonly XNamespace AutodiscoverSoap = "http://schemas.microsoft.com/exchange/2010/Autodiscover";
    public static readonly XNamespace Addressing = "http://www.w3.org/2005/08/addressing";
    public static readonly XNamespace PoxRequest = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
    public static readonly XNamespace PoxResponseOuter = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    public static readonly XNamespace PoxResponse = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
}

/// <summary>Small constructors that keep request builders readable.</summary>
internal static class X
{
    public static XElement T(string name, params object?[] content) => new(Ns.T + name, content);

    public static XElement M(string name, params object?[] content) => new(Ns.M + name, content);

    /// <summary>An element only when the value is present: optional fields stay out of the request.</summary>
    public static XElement? TOpt(string name, string? value) => string.IsNullOrEmpty(value) ? null : new XElement(Ns.T + name, value);

    public static string? Text(this XElement? parent, string localName) => parent?.Element(Ns.T + localName)?.Value;

    public static XElement? TChild(this XElement? parent, string localName) => parent?.Element(Ns.T + localName);

    public static XElement? MChild(this XElement? parent, string localName) => parent?.Element(Ns.M + localName);

    public static bool? Bool(this XElement? parent, string localName) =>
        parent?.Element(Ns.T + localName) is { } e && bool.TryParse(e.Value, out var b) ? b : null;

    public static int? Int(this XElement? parent, string localName) =>
        parent?.Element(Ns.T + localName) is { } e && int.TryParse(e.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : null;
}
