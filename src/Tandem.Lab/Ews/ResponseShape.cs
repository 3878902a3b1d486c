using System.Xml.Linq;
using Tandem.Lab.Soap;

namespace Tandem.Lab.Ews;

/// <summary>An ItemShape or FolderShape: the base shape, the additional property paths, and IncludeMimeContent.</summary>
internal sealed record ResponseShape(string BaseShape, IReadOnlyList<PropertyPath> Additional, bool IncludeMimeContent = false)
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
        var mime = (string?)shape.Element(Ns.T + "IncludeMimeContent") is "true" or "1";
        return new ResponseShape(baseShape, paths, mime);
    }
}
