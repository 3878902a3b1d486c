using System.Net;
using Tandem.Connectors.Dav.Protocol;
using static Tandem.Connectors.Dav.Protocol.DavNames;

namespace Tandem.Connectors.Dav.Discovery;

/// <summary>
/// RFC 6764 / RFC 5397 discovery from the URL the user gave: ask it for current-user-principal; when it does not
/// know one, try /.well-known/caldav and /.well-known/carddav (following redirects with the PROPFIND intact);
/// then ask the principal for its calendar-home-set and addressbook-home-set.
/// </summary>
internal sealed class DavDiscovery(DavClient client)
{
    private const int MaxRedirects = 5;

    public async Task<DavHomes> DiscoverAsync(CancellationToken ct)
    {
        var candidates = new List<Uri> { client.BaseUrl, new(client.BaseUrl, "/.well-known/caldav"), new(client.BaseUrl, "/.well-known/carddav") };
        var failures = new List<string>();
        foreach (var start in candidates)
        {
            var (principal, at) = await PrincipalAsync(start, failures, ct).ConfigureAwait(false);
            if (principal is null) continue;
            var reply = await client.PropfindAsync(principal, 0, DavRequests.Propfind(CalendarHomeSet, AddressbookHomeSet), ct).ConfigureAwait(false);
            if (!reply.IsMultiStatus)
            {
                failures.Add($"PROPFIND {principal.AbsolutePath}: {(int)reply.Status}");
                continue;
            }
            var props = MultiStatus.Parse(reply.Body).Responses.FirstOrDefault();
            var calendars = HrefIn(props?.Element(CalendarHomeSet), at);
            var contacts = HrefIn(props?.Element(AddressbookHomeSet), at);
            if (calendars is null && contacts is null)
            {
                failures.Add($"the principal {principal.AbsolutePath} names no calendar-home-set or addressbook-home-set");
                continue;
            }
            return new DavHomes(principal, calendars, contacts);
        }
        throw new DavException($"no CalDAV/CardDAV principal found from {client.BaseUrl} ({string.Join("; ", failures)}); check the URL and the credentials");
    }

    private async Task<(Uri? Principal, Uri At)> PrincipalAsync(Uri start, List<string> failures, CancellationToken ct)
    {
        var url = start;
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            var reply = await client.PropfindAsync(url, 0, DavRequests.Propfind(CurrentUserPrincipal), ct).ConfigureAwait(false);
            if (reply.Location is not null && (int)reply.Status is >= 300 and < 400)
            {
                url = reply.Location;
                continue;
            }
            if (reply.Status == HttpStatusCode.Unauthorized) throw new DavException($"PROPFIND {url}: 401 Unauthorized; check the user and password");
            if (!reply.IsMultiStatus)
            {
                failures.Add($"PROPFIND {url.AbsolutePath}: {(int)reply.Status}");
                return (null, url);
            }
            var principal = HrefIn(MultiStatus.Parse(reply.Body).Responses.FirstOrDefault()?.Element(CurrentUserPrincipal), url);
            if (principal is null) failures.Add($"{url.AbsolutePath} names no current-user-principal");
            return (principal, url);
        }
        failures.Add($"{start.AbsolutePath}: more than {MaxRedirects} redirects");
        return (null, url);
    }

    private static Uri? HrefIn(System.Xml.Linq.XElement? property, Uri at)
    {
        var href = property?.Element(Href)?.Value.Trim();
        return string.IsNullOrEmpty(href) ? null : DavPaths.Collection(new Uri(at, href));
    }
}
