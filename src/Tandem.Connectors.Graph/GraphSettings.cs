using System.Globalization;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Graph;

/// <summary>A "graph" connection's settings, checked: each refusal names the setting and why.</summary>
internal sealed record GraphSettings(Uri BaseUrl, string? Tenant, string? ClientId, string? CertificatePath, string? ClientSecret, Uri Authority, int MailboxConcurrency, Uri? NotificationUrl = null)
{
    public const int MaxMailboxConcurrency = 4;

    /// <summary>No tenant: the lab, which takes any bearer token (allowed on loopback only, never a real Graph host).</summary>
    public bool IsLab => Tenant is null;

    public static GraphSettings From(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets)
    {
        var s = connection.Settings;
        string? Get(string key) => s.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var baseText = Get(GraphSettingKeys.BaseUrl) ?? GraphSettingKeys.DefaultBaseUrl;
        if (!Uri.TryCreate(baseText.TrimEnd('/'), UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"connection '{connection.Name}': setting {GraphSettingKeys.BaseUrl} '{baseText}' is not an http(s) URL");
        }

        var tenant = Get(GraphSettingKeys.Tenant);
        var clientId = Get(GraphSettingKeys.ClientId);
        var certificate = Get(GraphSettingKeys.CertificatePath);
        var secret = secrets.TryGetValue(GraphSettingKeys.ClientSecretSecret, out var cs) && cs.Length > 0 ? cs : null;
        if (tenant is null)
        {
            if (!baseUrl.IsLoopback)
            {
                throw new ArgumentException($"connection '{connection.Name}': setting {GraphSettingKeys.Tenant} is required (only the lab on a loopback address is reached without one)");
            }
        }
        else
        {
            if (clientId is null) throw new ArgumentException($"connection '{connection.Name}': setting {GraphSettingKeys.ClientId} is required with a tenant");
            if ((certificate is null) == (secret is null)) throw new ArgumentException($"connection '{connection.Name}': give exactly one of a client secret or setting {GraphSettingKeys.CertificatePath}");
            if (baseUrl.Scheme != Uri.UriSchemeHttps) throw new ArgumentException($"connection '{connection.Name}': setting {GraphSettingKeys.BaseUrl} must be https for a tenant (tokens are never sent in clear)");
        }

        var authorityText = Get(GraphSettingKeys.Authority) ?? GraphSettingKeys.DefaultAuthority;
        if (!Uri.TryCreate(authorityText, UriKind.Absolute, out var authority))
        {
            throw new ArgumentException($"connection '{connection.Name}': setting {GraphSettingKeys.Authority} '{authorityText}' is not a URL");
        }

        var concurrency = MaxMailboxConcurrency;
        if (Get(GraphSettingKeys.MailboxConcurrency) is { } c
            && (!int.TryParse(c, CultureInfo.InvariantCulture, out concurrency) || concurrency is < 1 or > MaxMailboxConcurrency))
        {
            throw new ArgumentException($"connection '{connection.Name}': setting {GraphSettingKeys.MailboxConcurrency} '{c}' must be 1 to {MaxMailboxConcurrency} (Exchange Online refuses more concurrent requests per mailbox)");
        }

        Uri? notificationUrl = null;
        if (Get(GraphSettingKeys.NotificationUrl) is { } n
            && (!Uri.TryCreate(n, UriKind.Absolute, out notificationUrl) || (notificationUrl.Scheme != Uri.UriSchemeHttps && !(notificationUrl.Scheme == Uri.UriSchemeHttp && notificationUrl.IsLoopback))))
        {
            throw new ArgumentException($"connection '{connection.Name}': setting {GraphSettingKeys.NotificationUrl} '{n}' must be an https URL Graph can reach (http only on loopback, for the lab)");
        }

        return new GraphSettings(baseUrl, tenant, clientId, certificate, secret, authority, concurrency, notificationUrl);
    }
}
