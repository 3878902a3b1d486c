using System.Collections.Frozen;
using System.Xml;
using System.Xml.Schema;

namespace Tandem.Lab.Soap;

/// <summary>
/// The official EWS schemas (embedded), compiled once per process. The lab uses them the way Exchange does: to refuse
/// schema-invalid requests, and as the source of the element order of each item and folder type, so responses follow
/// the xs:sequence of the schema rather than a hand-kept list.
/// </summary>
internal sealed class EwsSchema
{
    private static readonly Lazy<EwsSchema> Shared = new(() => new EwsSchema(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Dictionary<string, FrozenDictionary<string, int>> _orders = new(StringComparer.Ordinal);
    private readonly Lock _ordersLock = new();

    private EwsSchema()
    {
        Set = new XmlSchemaSet { XmlResolver = null };

        // types.xsd imports the xml: namespace without a location (for xml:lang); declare it here instead of fetching it.
        Set.Add(XmlSchema.Read(new StringReader(XmlNamespaceSchema), null)!);
        Set.Add(Load("types.xsd"));
        Set.Add(Load("messages.xsd"));
        Set.Compile();
        ServerVersions = ((XmlSchemaSimpleTypeRestriction)((XmlSchemaSimpleType)Set.GlobalTypes[new XmlQualifiedName("ExchangeVersionType", Ns.T.NamespaceName)]!).Content!)
            .Facets.OfType<XmlSchemaEnumerationFacet>().Select(f => f.Value!).ToFrozenSet(StringComparer.Ordinal);
    }

    public static EwsSchema Instance => Shared.Value;

    private const string XmlNamespaceSchema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace" xml:lang="en">
          <xs:attribute name="lang" type="xs:language"/>
          <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName"><xs:enumeration value="default"/><xs:enumeration value="preserve"/></xs:restriction></xs:simpleType></xs:attribute>
          <xs:attribute name="base" type="xs:anyURI"/>
          <xs:attribute name="id" type="xs:ID"/>
        </xs:schema>
        """;

    public XmlSchemaSet Set { get; }

    /// <summary>The values of ExchangeVersionType: a RequestServerVersion outside it gets ErrorInvalidServerVersion.</summary>
    public FrozenSet<string> ServerVersions { get; }

    /// <summary>Position of each child element name in the (flattened, inherited) sequence of a complex type.</summary>
    public FrozenDictionary<string, int> ElementOrder(string typeName)
    {
        lock (_ordersLock)
        {
            if (_orders.TryGetValue(typeName, out var cached))
            {
                return cached;
            }

            var type = (XmlSchemaComplexType?)Set.GlobalTypes[new XmlQualifiedName(typeName, Ns.T.NamespaceName)]
                ?? throw new ArgumentException($"No complex type {typeName} in types.xsd", nameof(typeName));
            var names = new List<string>();
            Flatten(type.ContentTypeParticle, names);
            var order = names.Distinct(StringComparer.Ordinal).Select((n, i) => (n, i))
                .ToFrozenDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
            _orders[typeName] = order;
            return order;
        }
    }

    /// <summary>
    /// Validates the SOAP header entries and the body operation of a request (the envelope itself has no schema here).
    /// Returns the first violation with its position in the original text, or null.
    /// </summary>
    public (int Line, int Position, string Violation)? Validate(string xml)
    {
        (int, int, string)? first = null;
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Set,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationEventHandler += (_, e) =>
        {
            // Warnings are "no schema information" for the SOAP envelope elements, which is expected.
            if (e.Severity == XmlSeverityType.Error && first is null)
            {
                first = (e.Exception.LineNumber, e.Exception.LinePosition, e.Message);
            }
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException ex)
        {
            return (ex.LineNumber, ex.LinePosition, ex.Message);
        }

        return first;
    }

    private static void Flatten(XmlSchemaParticle? particle, List<string> names)
    {
        switch (particle)
        {
            case XmlSchemaElement element:
                names.Add(element.QualifiedName.Name);
                break;
            case XmlSchemaGroupBase group:
                foreach (var item in group.Items)
                {
                    Flatten(item as XmlSchemaParticle, names);
                }

                break;
        }
    }

    private static XmlSchema Load(string name)
    {
        using var stream = typeof(EwsSchema).Assembly.GetManifestResourceStream("Tandem.Lab." + name)
            ?? throw new InvalidOperationException($"Embedded schema {name} is missing");
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { XmlResolver = null, DtdProcessing = DtdProcessing.Prohibit });
        return XmlSchema.Read(reader, null)!;
    }
}
