using Microsoft.AspNetCore.Http;

namespace Tandem.Lab.Hosting;

/// <summary>
/// The lab's EWS front ends: one listening port each, all over the one store. A request's front end is the local port
/// it arrived on (a port the table does not know, e.g. a second URL of a single front end, counts as the first).
/// </summary>
internal sealed class FrontEnds
{
    private readonly Dictionary<int, int> _byPort;

    public FrontEnds(IReadOnlyList<Uri> urls)
    {
        Urls = urls;
        _byPort = new Dictionary<int, int>();
        for (var i = 0; i < urls.Count; i++)
        {
            _byPort.TryAdd(urls[i].Port, i);
        }
    }

    public IReadOnlyList<Uri> Urls { get; }

    public int Of(HttpContext http) => _byPort.GetValueOrDefault(http.Connection.LocalPort);

    /// <summary>The EWS URL of the first front end that is up, or null when all are down.</summary>
    public Uri? FirstLiveEwsUrl(LabFaults faults)
    {
        for (var i = 0; i < Urls.Count; i++)
        {
            if (!faults.IsDown(i))
            {
                return new Uri(Urls[i], "EWS/Exchange.asmx");
            }
        }

        return null;
    }

    /// <summary>The listen URLs for <paramref name="count"/> front ends derived from the first configured URL.</summary>
    public static string[] ListenUrls(string urls, int count)
    {
        var configured = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (count <= 1)
        {
            return configured;
        }

        var first = configured[0];
        var colon = first.LastIndexOf(':');
        var slash = first.IndexOf('/', colon + 1);
        var portText = slash < 0 ? first[(colon + 1)..] : first[(colon + 1)..slash];
        if (colon < first.IndexOf("//", StringComparison.Ordinal) || !int.TryParse(portText, System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            throw new ArgumentException($"LabOptions.Urls: '{first}' names no port; several front ends need one (0 picks free ports)");
        }

        return Enumerable.Range(0, count).Select(i => first[..(colon + 1)] + (port == 0 ? 0 : port + i)).ToArray();
    }
}
