using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Tandem.Connectors.Ews.Tests;

/// <summary>
/// Validates EWS XML against the official messages.xsd/types.xsd. The SOAP envelope itself has no schema
/// here, so the header children and the body operation are validated one by one.
/// </summary>
internal static class EwsSchema
{
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly Lazy<XmlSchemaSet> Set = new(Load);

    private static XmlSchemaSet Load()
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        var dir = Path.Combine(AppContext.BaseDirectory, "Schemas");
        set.Add(null, Path.Combine(dir, "messages.xsd"));
        set.Compile();
        return set;
    }

    /// <summary>Errors of a whole envelope (headers and body operation); empty when valid.</summary>
    public static IReadOnlyList<string> Errors(string envelopeXml)
    {
        var doc = XDocument.Parse(envelopeXml);
        var errors = new List<string>();
        var header = doc.Root?.Element(Soap + "Header");
        foreach (var h in header?.Elements() ?? []) errors.AddRange(ErrorsOf(h));
        var body = doc.Root?.Element(Soap + "Body") ?? throw new InvalidOperationException("no SOAP body");
        foreach (var op in body.Elements()) errors.AddRange(ErrorsOf(op));
        return errors;
    }

    public static IReadOnlyList<string> ErrorsOf(XElement element)
    {
        var errors = new List<string>();
        var doc = new XDocument(new XElement(element));
        doc.Validate(Set.Value, (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        return errors;
    }

    public static void AssertValid(string envelopeXml)
    {
        var errors = Errors(envelopeXml);
        Assert.True(errors.Count == 0, "schema errors:\n" + string.Join("\n", errors) + "\n" + envelopeXml);
    }
}
