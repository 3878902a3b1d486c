using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Autodiscover;

/// <summary>
/// Finds the EWS endpoint for an address in the documented order (ews-notes.md §2; SCP is Windows-only
/// and skipped): https://domain, https://autodiscover.domain (SOAP, then POX, then v2 JSON at each),
/// the plain-HTTP redirect of autodiscover.domain, then DNS SRV _autodiscover._tcp. redirectAddr /
/// redirectUrl answers and HTTP redirects are followed, at most <see cref="MaxRedirects"/> in all.
/// </summary>
internal sealed partial class AutodiscoverClient
{
    public const int MaxRedirects = 10;

    private readonly HttpClient _http;
    private readonly IEwsAuth _auth;
    private readonly Uri? _baseOverride;
    private readonly ISrvResolver _srv;
    private readonly ILogger _log;

    /// <param name="http">Must not follow redirects itself: each one counts against the limit and is checked.</param>
    /// <param name="baseOverride">Replaces scheme, host and port of every candidate (tests, the lab on loopback).</param>
    public AutodiscoverClient(HttpClient http, IEwsAuth auth, Uri? baseOverride, ISrvResolver srv, ILogger log)
    {
        _http = http;
        _auth = auth;
        _baseOverride = baseOverride;
        _srv = srv;
        _log = log;
    }

    public async Task<AutodiscoverResult> DiscoverAsync(string email, CancellationToken cancellationToken)
    {
        var budget = new RedirectBudget();
        var failures = new List<string>();
        var seenAddresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var address = email;
        while (seenAddresses.Add(address))
        {
            var outcome = await DiscoverAddressAsync(address, budget, failures, cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case AutodiscoverAnswer.Found found:
                    LogFound(_log, email, found.Result.EwsUrl, found.Result.Method);
                    return found.Result;
                case AutodiscoverAnswer.RedirectAddress redirect when budget.Take():
                    LogRedirect(_log, address, redirect.Email);
                    address = redirect.Email;
                    continue;
            }
            break;
        }
        throw new EwsException("AutodiscoverFailed",
            $"Autodiscover found no EWS endpoint for {email}: " + (failures.Count == 0 ? "no candidate answered" : string.Join("; ", failures.TakeLast(6))));
    }

    /// <summary>The candidates for one address, in order; returns Found, a RedirectAddress, or Failed.</summary>
    private async Task<AutodiscoverAnswer> DiscoverAddressAsync(string email, RedirectBudget budget, List<string> failures, CancellationToken ct)
    {
        var domain = email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..];
        foreach (var host in new[] { domain, "autodiscover." + domain })
        {
            var answer = await TryHostAsync(Rewrite(new Uri("https://" + host + "/")), email, budget, failures, ct).ConfigureAwait(false);
            if (answer is not AutodiscoverAnswer.Failed) return answer;
        }
        var redirected = await TryHttpRedirectAsync(domain, email, budget, failures, ct).ConfigureAwait(false);
        if (redirected is not AutodiscoverAnswer.Failed) return redirected;
        var records = await _srv.ResolveAsync("_autodiscover._tcp." + domain, ct).ConfigureAwait(false);
        foreach (var record in records.OrderBy(r => r.Priority).ThenByDescending(r => r.Weight))
        {
            if (record.Port != 443) continue; // only SSL endpoints are trusted from DNS
            var answer = await TryHostAsync(Rewrite(new Uri("https://" + record.Target.TrimEnd('.') + "/")), email, budget, failures, ct).ConfigureAwait(false);
            if (answer is not AutodiscoverAnswer.Failed) return answer;
        }
        return new AutodiscoverAnswer.Failed("no endpoint");
    }

    private async Task<AutodiscoverAnswer> TryHostAsync(Uri host, string email, RedirectBudget budget, List<string> failures, CancellationToken ct)
    {
        var soap = await FollowAsync(new Uri(host, "/autodiscover/autodiscover.svc"), email, isSoap: true, budget, failures, ct).ConfigureAwait(false);
        if (soap is not AutodiscoverAnswer.Failed) return soap;
        var pox = await FollowAsync(new Uri(host, "/autodiscover/autodiscover.xml"), email, isSoap: false, budget, failures, ct).ConfigureAwait(false);
        if (pox is not AutodiscoverAnswer.Failed) return pox;
        var v2 = await TryV2Async(host, email, failures, ct).ConfigureAwait(false);
        return v2;
    }

    /// <summary>Posts to one endpoint and follows redirectUrl / HTTP redirects from there.</summary>
    private async Task<AutodiscoverAnswer> FollowAsync(Uri endpoint, string email, bool isSoap, RedirectBudget budget, List<string> failures, CancellationToken ct)
    {
        var seen = new HashSet<Uri>();
        while (seen.Add(endpoint))
        {
            var answer = await PostAsync(endpoint, email, isSoap, ct).ConfigureAwait(false);
            switch (answer)
            {
                case AutodiscoverAnswer.RedirectUrl redirect when budget.Take() && IsAcceptable(redirect.Url):
                    LogRedirect(_log, endpoint.ToString(), redirect.Url.ToString());
                    endpoint = Rewrite(redirect.Url);
                    // A redirect URL names the endpoint file itself; the protocol follows from it.
                    isSoap = endpoint.AbsolutePath.EndsWith(".svc", StringComparison.OrdinalIgnoreCase);
                    continue;
                case AutodiscoverAnswer.RedirectUrl redirect:
                    failures.Add($"{endpoint}: redirect to {redirect.Url} refused (limit or not https)");
                    return new AutodiscoverAnswer.Failed("redirect refused");
                case AutodiscoverAnswer.Failed failed:
                    failures.Add($"{endpoint}: {failed.Why}");
                    return failed;
                default:
                    return answer;
            }
        }
        return new AutodiscoverAnswer.Failed("redirect loop");
    }

    private async Task<AutodiscoverAnswer> PostAsync(Uri endpoint, string email, bool isSoap, CancellationToken ct)
    {
        var body = isSoap ? SoapAutodiscover.Request(email, endpoint) : PoxAutodiscover.Request(email);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(body.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"),
        };
        await _auth.ApplyAsync(request, ct).ConfigureAwait(false);
        try
        {
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                return new AutodiscoverAnswer.RedirectUrl(location.IsAbsoluteUri ? location : new Uri(endpoint, location));
            }
            if (!response.IsSuccessStatusCode) return new AutodiscoverAnswer.Failed($"HTTP {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            var doc = XDocument.Parse(text);
            return isSoap ? SoapAutodiscover.Read(doc, endpoint) : PoxAutodiscover.Read(doc, endpoint);
        }
        catch (Exception ex) when (ex is HttpRequestException or XmlException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new AutodiscoverAnswer.Failed(ex.GetType().Name + ": " + ex.Message);
        }
    }

    private async Task<AutodiscoverAnswer> TryV2Async(Uri host, string email, List<string> failures, CancellationToken ct)
    {
        var uri = AutodiscoverV2.RequestUri(host, email);
        try
        {
            using var response = await _http.GetAsync(uri, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                failures.Add($"{uri}: HTTP {(int)response.StatusCode}");
                return new AutodiscoverAnswer.Failed("v2 HTTP error");
            }
            var answer = AutodiscoverV2.Read(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false), uri);
            if (answer is AutodiscoverAnswer.Failed failed) failures.Add($"{uri}: {failed.Why}");
            return answer;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            failures.Add($"{uri}: {ex.Message}");
            return new AutodiscoverAnswer.Failed(ex.Message);
        }
    }

    /// <summary>Step 4: an unauthenticated GET on plain HTTP whose only use is the redirect it answers with.</summary>
    private async Task<AutodiscoverAnswer> TryHttpRedirectAsync(string domain, string email, RedirectBudget budget, List<string> failures, CancellationToken ct)
    {
        var uri = Rewrite(new Uri("http://autodiscover." + domain + "/autodiscover/autodiscover.xml"));
        try
        {
            using var response = await _http.GetAsync(uri, ct).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                failures.Add($"{uri}: no redirect (HTTP {(int)response.StatusCode})");
                return new AutodiscoverAnswer.Failed("no redirect");
            }
            var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
            if (!budget.Take() || !IsAcceptable(target))
            {
                failures.Add($"{uri}: redirect to {target} refused (limit or not https)");
                return new AutodiscoverAnswer.Failed("redirect refused");
            }
            LogRedirect(_log, uri.ToString(), target.ToString());
            var endpoint = Rewrite(target);
            return await FollowAsync(endpoint, email, endpoint.AbsolutePath.EndsWith(".svc", StringComparison.OrdinalIgnoreCase), budget, failures, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            failures.Add($"{uri}: {ex.Message}");
            return new AutodiscoverAnswer.Failed(ex.Message);
        }
    }

    /// <summary>Credentials are only ever sent over https (unless tests point everything at a local base).</summary>
    private bool IsAcceptable(Uri target) => _baseOverride is not null || target.Scheme == Uri.UriSchemeHttps;

    private Uri Rewrite(Uri candidate) => _baseOverride is null ? candidate : new Uri(_baseOverride, candidate.PathAndQuery);

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.Moved or HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.SeeOther;

    private sealed class RedirectBudget
    {
        private int _used;

        public bool Take() => ++_used <= MaxRedirects;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Autodiscover for {Email}: EWS at {Url} (via {Method})")]
    private static partial void LogFound(ILogger logger, string email, Uri url, string method);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Autodiscover redirect {From} -> {To}")]
    private static partial void LogRedirect(ILogger logger, string from, string to);
}
