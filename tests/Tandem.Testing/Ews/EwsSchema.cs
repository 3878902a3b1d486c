using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Tandem.Testing.Ews;

/// <summary>
/// Validates EWS envelopes against the official schemas (Ews/Schemas, copied to the test output as Schemas/). The SOAP
/// envelope has no schema here, so each header entry and the body's operation element are validated. Two documented
/// deviations are whitelisted: m:Notification inside m:Notifications (Exchange's wire form, see ews-notes trap 3), and
/// exchangelib's version probe RequestServerVersion="Exchange2019" (which the lab answers with ErrorInvalidServerVersion).
/// </summary>
public static class EwsSchema
{
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    private static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";
    private static readonly XNamespace E = "http://schemas.microsoft.com/exchange/services/2006/errors";
    private static readonly Lazy<XmlSchemaSet> Schemas = new(Load);

    public static XmlSchemaSet Set => Schemas.Value;

    /// <summary>The schema errors of an envelope (empty when valid).</summary>
    public static IReadOnlyList<string> Errors(string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (XmlException ex)
        {
            return ["not well-formed: " + ex.Message];
        }

        if (document.Root?.Name != Soap + "Envelope") return ["root is not soap:Envelope"];
        Whitelist(document);

        var errors = new List<string>();
        if (document.Root.Element(Soap + "Body") is null) errors.Add("no soap:Body");
        var parts = (document.Root.Element(Soap + "Header")?.Elements() ?? []).Concat(document.Root.Element(Soap + "Body")?.Elements() ?? []);
        foreach (var part in parts)
        {
            if (part.Name == Soap + "Fault") errors.AddRange(FaultErrors(part));
            else errors.AddRange(ErrorsOf(part));
        }
        return errors;
    }

    /// <summary>The schema errors of one header entry or operation element, validated on its own.</summary>
    public static IReadOnlyList<string> ErrorsOf(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var errors = new List<string>();
        new XDocument(new XElement(element)).Validate(Set, (_, e) => errors.Add($"{element.Name.LocalName}: {e.Severity}: {e.Message}"));
        return errors;
    }

    public static void AssertValid(string xml) => AssertValid(xml, "envelope");

    public static void AssertValid(string xml, string what)
    {
        var errors = Errors(xml);
        Assert.True(errors.Count == 0, $"{what} is not schema-valid:\n{string.Join("\n", errors)}\n---\n{xml}");
    }

    private static void Whitelist(XDocument document)
    {
        foreach (var n in document.Descendants(M + "Notification").Where(n => n.Parent?.Name == M + "Notifications").ToList()) n.Name = T + "Notification";
        foreach (var v in document.Descendants(T + "RequestServerVersion").Where(v => (string?)v.Attribute("Version") == "Exchange2019")) v.SetAttributeValue("Version", "Exchange2016");
    }

    // A SOAP fault has no EWS schema; what must hold is that its ResponseCode is one the schema knows.
    private static IEnumerable<string> FaultErrors(XElement fault)
    {
        var code = fault.Element("detail")?.Element(E + "ResponseCode")?.Value;
        var codes = (XmlSchemaSimpleType)Set.GlobalTypes[new XmlQualifiedName("ResponseCodeType", M.NamespaceName)]!;
        var known = ((XmlSchemaSimpleTypeRestriction)codes.Content!).Facets.OfType<XmlSchemaEnumerationFacet>().Any(f => f.Value == code);
        return known ? [] : [$"fault with unknown ResponseCode '{code}'"];
    }

    // types.xsd imports the xml namespace (xml:lang); resolving it from the web would make tests need a network.
    private const string XmlNamespaceSchema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace" xml:lang="en">
          <xs:attribute name="lang" type="xs:language"/>
          <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName"><xs:enumeration value="default"/><xs:enumeration value="preserve"/></xs:restriction></xs:simpleType></xs:attribute>
          <xs:attribute name="base" type="xs:anyURI"/>
          <xs:attribute name="id" type="xs:ID"/>
        </xs:schema>
        """;

    private static XmlSchemaSet Load()
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(XmlSchema.Read(new StringReader(XmlNamespaceSchema), null)!);
        var dir = Path.Combine(AppContext.BaseDirectory, "Schemas");
        foreach (var file in new[] { "types.xsd", "messages.xsd" })
        {
            using var reader = XmlReader.Create(Path.Combine(dir, file), new XmlReaderSettings { XmlResolver = null });
            set.Add(XmlSchema.Read(reader, null)!);
        }
        set.Compile();
        return set;
    }
}
