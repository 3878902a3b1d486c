using System.Xml.Linq;

namespace Tandem.Lab.Soap;

/// <summary>Builds response envelopes, response messages and SOAP faults in the shapes Exchange 2019 sends.</summary>
internal static class SoapWriter
{
    public static XElement ServerVersionInfo() =>
        new(Ns.T + "ServerVersionInfo",
            new XAttribute("MajorVersion", "15"),
            new XAttribute("MinorVersion", "2"),
            new XAttribute("MajorBuildNumber", "1544"),
            new XAttribute("MinorBuildNumber", "4"),
            new XAttribute("Version", "V2017_07_11"));

    public static XDocument Envelope(XElement body) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Ns.Soap + "Envelope",
                new XAttribute(XNamespace.Xmlns + "s", Ns.Soap),
                new XElement(Ns.Soap + "Header", ServerVersionInfo()),
                new XElement(Ns.Soap + "Body", body)));

    /// <summary>m:{Operation}Response/m:ResponseMessages around the per-item messages.</summary>
    public static XElement Response(string operation, IEnumerable<XElement> messages) =>
        new(Ns.M + (operation + "Response"),
            new XAttribute(XNamespace.Xmlns + "m", Ns.M),
            new XAttribute(XNamespace.Xmlns + "t", Ns.T),
            new XElement(Ns.M + "ResponseMessages", messages));

    public static XElement Success(string operation, params object?[] content) =>
        new(Ns.M + (operation + "ResponseMessage"),
            new XAttribute("ResponseClass", "Success"),
            new XElement(Ns.M + "ResponseCode", "NoError"),
            content);

    public static XElement Warning(string operation, string code, string text, params object?[] content) =>
        new(Ns.M + (operation + "ResponseMessage"),
            new XAttribute("ResponseClass", "Warning"),
            new XElement(Ns.M + "MessageText", text),
            new XElement(Ns.M + "ResponseCode", code),
            new XElement(Ns.M + "DescriptiveLinkKey", 0),
            content);

    /// <summary>An error message; <paramref name="required"/> are the op-specific children the schema requires (e.g. m:Items).</summary>
    public static XElement Error(string operation, EwsException error, params object?[] required) =>
        new(Ns.M + (operation + "ResponseMessage"),
            new XAttribute("ResponseClass", "Error"),
            new XElement(Ns.M + "MessageText", error.Message),
            new XElement(Ns.M + "ResponseCode", error.Code),
            new XElement(Ns.M + "DescriptiveLinkKey", 0),
            error.BackOffMilliseconds is { } ms
                ? new XElement(Ns.M + "MessageXml", new XElement(Ns.T + "Value", new XAttribute("Name", "BackOffMilliseconds"), ms))
                : null,
            required);

    /// <summary>A SOAP fault for a request-level error (what exchangelib and the Managed API parse from the detail).</summary>
    public static XDocument Fault(EwsException error)
    {
        var faultCode = error.Code == "ErrorSchemaValidation" ? "a:ErrorSchemaValidation" : "a:" + error.Code;
        XElement? messageXml = null;
        if (error.BackOffMilliseconds is { } ms)
        {
            messageXml = new XElement(Ns.T + "MessageXml", new XAttribute(XNamespace.Xmlns + "t", Ns.T),
                new XElement(Ns.T + "Value", new XAttribute("Name", "BackOffMilliseconds"), ms));
        }
        else if (error.SchemaViolation is { } v)
        {
            messageXml = new XElement(Ns.T + "MessageXml", new XAttribute(XNamespace.Xmlns + "t", Ns.T),
                new XElement(Ns.T + "LineNumber", v.Line),
                new XElement(Ns.T + "LinePosition", v.Position),
                new XElement(Ns.T + "Violation", v.Violation));
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Ns.Soap + "Envelope",
                new XAttribute(XNamespace.Xmlns + "s", Ns.Soap),
                new XElement(Ns.Soap + "Header", ServerVersionInfo()),
                new XElement(Ns.Soap + "Body",
                    new XElement(Ns.Soap + "Fault",
                        new XElement("faultcode", new XAttribute(XNamespace.Xmlns + "a", Ns.T), faultCode),
                        new XElement("faultstring", new XAttribute(XNamespace.Xml + "lang", "en-US"), error.Message),
                        new XElement("detail",
                            new XElement(Ns.E + "ResponseCode", new XAttribute(XNamespace.Xmlns + "e", Ns.E), error.Code),
                            new XElement(Ns.E + "Message", error.Message),
                            messageXml)))));
    }
}
