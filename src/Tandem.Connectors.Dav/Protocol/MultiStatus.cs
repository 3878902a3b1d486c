using System.Net;
using System.Xml.Linq;
using static Tandem.Connectors.Dav.Protocol.DavNames;

namespace Tandem.Connectors.Dav.Protocol;

/// <summary>One &lt;D:response&gt; of a 207: the href, its own status (deleted members, 507), and the props found (200 propstat).</summary>
internal sealed record DavResponse(string Href, HttpStatusCode? Status, IReadOnlyDictionary<XName, XElement> Props)
{
    public string? Text(XName name) => Props.TryGetValue(name, out var e) ? e.Value : null;

    public XElement? Element(XName name) => Props.TryGetValue(name, out var e) ? e : null;
}

/// <summary>A parsed 207 Multi-Status body.</summary>
internal sealed record MultiStatus(IReadOnlyList<DavResponse> Responses, string? SyncToken)
{
    public static MultiStatus Parse(string xml)
    {
        var doc = XDocument.Parse(xml);
        var responses = new List<DavResponse>();
        foreach (var response in doc.Root?.Elements(D + "response") ?? [])
        {
            var href = response.Element(Href)?.Value.Trim() ?? "";
            var props = new Dictionary<XName, XElement>();
            foreach (var propstat in response.Elements(D + "propstat"))
            {
                if (ParseStatus(propstat.Element(D + "status")?.Value) is not HttpStatusCode.OK) continue;
                foreach (var prop in propstat.Element(D + "prop")?.Elements() ?? []) props[prop.Name] = prop;
            }
            responses.Add(new DavResponse(href, ParseStatus(response.Element(D + "status")?.Value), props));
        }
        return new MultiStatus(responses, doc.Root?.Element(DavNames.SyncToken)?.Value.Trim());
    }

    /// <summary>"HTTP/1.1 404 Not Found" → 404.</summary>
    public static HttpStatusCode? ParseStatus(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return null;
        var parts = line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var code) ? (HttpStatusCode)code : null;
    }
}
