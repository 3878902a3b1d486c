using System.Xml.Linq;
using Tandem.Lab.Soap;

namespace Tandem.Lab.Ews;

/// <summary>An ItemShape or FolderShape: the base shape and the additional property paths.</summary>
internal sealed record ResponseShape(string BaseShape, IReadOnlyList<PropertyPath> Additional)
{
    public static readonly ResponseShape IdOnly = new("IdOnly", []);

    public bool IdsOnly => BaseShape == "IdOnly";

    public static ResponseShape Parse(XElement? shape)
    {
        if (shape is null)
        {
            return IdOnly;
        }

        var baseShape = shape.Element(Ns.T + "BaseShape")?.Value ?? "IdOnly";
        var paths = shape.Element(Ns.T + "AdditionalProperties")?.Elements().Select(PropertyPath.Parse).ToList() ?? [];
        if (string.Equals(shape.Element(Ns.T + "IncludeMimeContent")?.Value, "true", StringComparison.Ordinal) || shape.Element(Ns.T + "IncludeMimeContent")?.Value == "1")
        {
            paths.Add(PropertyPath.Parse(new XElement(Ns.T + "FieldURI", new XAttribute("FieldURI", "item:" + MessageMime.Element))));
        }
        return new ResponseShape(baseShape, paths);
    }
}
