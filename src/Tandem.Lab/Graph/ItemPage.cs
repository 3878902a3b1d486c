using System.Globalization;
using System.Text.Json.Nodes;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// One page of a folder's item listing as Graph pages it: $top (10 by default, at most 1000) and $skip, and an absolute
/// @odata.nextLink carrying the request's other query options while more remain.
/// </summary>
internal static class ItemPage
{
    private const int DefaultTop = 10;

    /// <summary>
    /// A folder's items of one element kind, oldest first, narrowed by the one $filter Tandem sends (a single-value extended
    /// property equal to a value, read by <paramref name="extended"/>), one page of them rendered.
    /// </summary>
    public static GraphResult Filtered(GraphScope scope, LabFolder folder, string elementName, Func<LabItem, string, string?> extended, Func<LabItem, JsonNode> render)
    {
        (string Id, string Value)? filter;
        try
        {
            filter = ODataOptions.ExtendedFilter(scope.Request.Q("$filter"));
        }
        catch (FormatException e)
        {
            return GraphResult.BadRequest(e.Message);
        }

        IEnumerable<LabItem> items = folder.Items.Values.Where(i => i.ElementName == elementName).OrderBy(i => i.CreatedChangeNumber);
        if (filter is { } f)
        {
            items = items.Where(i => extended(i, f.Id) == f.Value);
        }

        return Of(scope, items, render);
    }

    public static GraphResult Of(GraphScope scope, IEnumerable<LabItem> items, Func<LabItem, JsonNode> render)
    {
        var request = scope.Request;
        var top = int.TryParse(request.Q("$top"), CultureInfo.InvariantCulture, out var t) && t > 0 ? Math.Min(t, 1000) : DefaultTop;
        var skip = int.TryParse(request.Q("$skip"), CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 0;
        var page = items.Skip(skip).Take(top + 1).ToList();
        var json = new JsonObject { ["value"] = new JsonArray(page.Take(top).Select(render).ToArray()) };
        if (page.Count > top)
        {
            var query = request.Query.Where(q => q.Key != "$skip").Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value))
                .Append("$skip=" + (skip + top).ToString(CultureInfo.InvariantCulture));
            json["@odata.nextLink"] = scope.Link(string.Join('/', request.Segments.Select(Uri.EscapeDataString)) + "?" + string.Join('&', query));
        }

        return GraphResult.Ok(json);
    }
}
