using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Tandem.Lab.Tests;

/// <summary>
/// Validates EWS envelopes against the official schemas copied into this project (Schema/). The SOAP envelope has no
/// schema here, so each header entry and the body's operation element are validated. Two documented deviations are
/// whitelisted: m:Notification inside m:Notifications (Exchange's wire form, see ews-notes trap 3), and exchangelib's
/// version probe RequestServerVersion="Exchange2019" (which the lab answers with ErrorInvalidServerVersion).
/// </summary>
internal static class SchemaValidator
{
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    private static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";
    private static readonly XNamespace E = "http://schemas.microsoft.com/exchange/services/2006/errors";
    private static readonly Lazy<XmlSchemaSet> Schemas = new(Load);

    public static XmlSchemaSet Set => Schemas.Value;

    /// <summary>The schema errors of an envelope (empty when valid).</summary>
    public static List<string> Errors(string xml)
    {
        var errors = new List<string>();
        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (XmlException ex)
        {
            return ["not well-formed: " + ex.Message];
        }

        if (document.Root?.Name != Soap + "Envelope")
        {
            return ["root is not soap:Envelope"];
        }

        foreach (var n in document.Descendants(M + "Notification").Where(n => n.Parent?.Name == M + "Notifications").ToList())
        {
            n.Name = T + "Notification";
        }

        foreach (var v in document.Descendants(T + "RequestServerVersion").Where(v => (string?)v.Attribute("Version") == "Exchange2019"))
        {
            v.SetAttributeValue("Version", "Exchange2016");
        }

        var parts = (document.Root.Element(Soap + "Header")?.Elements() ?? []).Concat(document.Root.Element(Soap + "Body")?.Elements() ?? []).ToList();
        if (document.Root.Element(Soap + "Body") is null)
        {
            errors.Add("no soap:Body");
        }

        foreach (var part in parts)
        {
            if (part.Name == Soap + "Fault")
            {
                var code = part.Element("detail")?.Element(E + "ResponseCode")?.Value;
                var known = ((XmlSchemaSimpleTypeRestriction)((XmlSchemaSimpleType)Set.GlobalTypes[new XmlQualifiedName("ResponseCodeType", M.NamespaceName)]!).Content!)
                    .Facets.OfType<XmlSchemaEnumerationFacet>().Any(f => f.Value == code);
                if (!known)
                {
                    errors.Add($"fault with unknown ResponseCode '{code}'");
                }

                continue;
            }

            var copy = new XDocument(new XElement(part));
            copy.Validate(Set, (_, e) => errors.Add($"{part.Name.LocalName}: {e.Message}"));
        }

        return errors;
    }

    public static void AssertValid(string xml, string what)
    {
        var errors = Errors(xml);
        Assert.True(errors.Count == 0, $"{what} is not schema-valid:\n{string.Join("\n", errors)}\n---\n{xml}");
    }

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
        var dir = Path.Combine(AppContext.BaseDirectory, "Schema");
        foreach (var file in new[] { "types.xsd", "messages.xsd" })
        {
            using var reader = XmlReader.Create(Path.Combine(dir, file), new XmlReaderSettings { XmlResolver = null });
            set.Add(XmlSchema.Read(reader, null)!);
        }

        set.Compile();
        return set;
    }
}
