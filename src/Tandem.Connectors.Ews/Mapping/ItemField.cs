using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>
/// One property of an item as EWS writes it: its path (t:FieldURI, t:IndexedFieldURI or
/// t:ExtendedFieldURI) and the element that carries its value inside the item (null: the property is
/// absent). CreateItem puts the values in schema order; UpdateItem turns each into a SetItemField or a
/// DeleteItemField, so one field list serves both.
/// </summary>
internal sealed record ItemField(XElement Path, XElement? Value)
{
    public static ItemField Uri(string fieldUri, string element, string? value) =>
        new(X.T("FieldURI", new XAttribute("FieldURI", fieldUri)), string.IsNullOrEmpty(value) ? null : X.T(element, value));

    public static ItemField Uri(string fieldUri, XElement? value) =>
        new(X.T("FieldURI", new XAttribute("FieldURI", fieldUri)), value);

    /// <summary>A dictionary entry (e-mail, phone, IM, postal part); the value is the container with one entry.</summary>
    public static ItemField Indexed(string fieldUri, string index, XElement? container) =>
        new(X.T("IndexedFieldURI", new XAttribute("FieldURI", fieldUri), new XAttribute("FieldIndex", index)), container);

    public static ItemField Extended(ExtendedProp prop, string? value) =>
        new(prop.Path(), string.IsNullOrEmpty(value) ? null : X.T("ExtendedProperty", prop.Path(), X.T("Value", value)));

    public bool IsExtended => Path.Name.LocalName == "ExtendedFieldURI";
}
