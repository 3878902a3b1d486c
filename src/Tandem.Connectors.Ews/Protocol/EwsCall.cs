namespace Tandem.Connectors.Ews.Protocol;

/// <summary>
/// Who a request acts for and how it is routed: <see cref="ImpersonatedMailbox"/> becomes the
/// ExchangeImpersonation header (and X-AnchorMailbox, which Exchange Online requires with it);
/// <see cref="PublicFolderMailbox"/> the public-folder routing headers (ews-notes.md §1.1).
/// <see cref="Mailbox"/> keys the per-mailbox concurrency limit. <see cref="Affinity"/>, when set, adds
/// X-PreferServerAffinity and the group's X-BackEndOverrideCookie (streaming groups).
/// </summary>
internal sealed record EwsCall(
    string? Mailbox,
    string? ImpersonatedMailbox = null,
    string? AnchorMailbox = null,
    string? PublicFolderMailbox = null,
    ServerAffinity? Affinity = null)
{
    public static readonly EwsCall Default = new((string?)null);
}

/// <summary>
/// The server affinity of one group of streaming subscriptions (how-to-maintain-affinity…): every request of the group
/// says X-PreferServerAffinity: true, and once a Subscribe answer set X-BackEndOverrideCookie, sends it back.
/// </summary>
internal sealed class ServerAffinity
{
    public const string CookieName = "X-BackEndOverrideCookie";

    private string? _cookie;

    public string? Cookie
    {
        get => Volatile.Read(ref _cookie);
        set => Volatile.Write(ref _cookie, value);
    }

    /// <summary>Takes the cookie from a response's Set-Cookie headers, if it carries one.</summary>
    public void Read(System.Net.Http.Headers.HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Set-Cookie", out var values)) return;
        foreach (var value in values)
        {
            var pair = value.Split(';', 2)[0].Trim();
            if (pair.StartsWith(CookieName + "=", StringComparison.OrdinalIgnoreCase) && pair.Length > CookieName.Length + 1)
            {
                Cookie = pair[(CookieName.Length + 1)..];
            }
        }
    }
}
