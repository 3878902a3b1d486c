using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// A property path of a request (t:FieldURI, t:IndexedFieldURI, t:ExtendedFieldURI) resolved to where the lab keeps the
/// property: the element name in the item's bag, the entry key of an indexed container, or the extended key.
/// </summary>
internal sealed record PropertyPath(PathKind Kind, string Element, string? Index, string? SubField, string? ExtendedKey, XElement Source)
{
    private static readonly Dictionary<string, string> Containers = new(StringComparer.Ordinal)
    {
        ["contacts:EmailAddress"] = "EmailAddresses",
        ["contacts:PhoneNumber"] = "PhoneNumbers",
        ["contacts:ImAddress"] = "ImAddresses",
        ["contacts:PhysicalAddress"] = "PhysicalAddresses",
        ["item:InternetMessageHeader"] = "InternetMessageHeaders",
    };

    /// <summary>The key of this property in LabItem.PropertyChangeNumbers.</summary>
    public string BagKey => Kind == PathKind.Extended ? "x:" + ExtendedKey : Element;

    public static PropertyPath Parse(XElement path)
    {
        if (path.Name == Ns.T + "ExtendedFieldURI")
        {
            var key = Store.ExtendedKey.Of(path) ?? throw new EwsException("ErrorInvalidExtendedProperty", "The extended property attribute combination is invalid.");
            return new PropertyPath(PathKind.Extended, "ExtendedProperty", null, null, key, path);
        }

        var uri = (string?)path.Attribute("FieldURI") ?? throw new EwsException("ErrorInvalidPropertyRequest", "Property path without FieldURI.");
        if (path.Name == Ns.T + "IndexedFieldURI")
        {
            var index = (string?)path.Attribute("FieldIndex");
            var parts = uri.Split(':');
            var baseUri = parts.Length > 2 ? parts[0] + ":" + parts[1] : uri;
            var container = Containers.GetValueOrDefault(baseUri) ?? throw new EwsException("ErrorInvalidIndexedPagingParameters", $"Unknown indexed property {uri}.");
            return new PropertyPath(PathKind.Indexed, container, index, parts.Length > 2 ? parts[2] : null, null, path);
        }

        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        return new PropertyPath(PathKind.Field, colon < 0 ? uri : uri[(colon + 1)..], null, null, null, path);
    }
}

internal enum PathKind
{
    Field,
    Indexed,
    Extended,
}
