namespace Tandem.Connectors.Graph;

/// <summary>
/// The settings a "graph" connection reads (ConnectionDefinition.Settings) and the secrets it expects. Secrets are never
/// logged.
/// </summary>
public static class GraphSettingKeys
{
    public const string ConnectionType = "graph";

    /// <summary>Entra tenant id or domain (app-only through MSAL). Absent only for the lab (<see cref="BaseUrl"/> on loopback).</summary>
    public const string Tenant = "tenant";

    /// <summary>Application (client) id.</summary>
    public const string ClientId = "clientId";

    /// <summary>A certificate file (PFX without password, or PEM with its key) instead of a client secret.</summary>
    public const string CertificatePath = "certificate";

    /// <summary>Graph root, default https://graph.microsoft.com/v1.0 (national clouds, or the lab: http://127.0.0.1:5080/v1.0).</summary>
    public const string BaseUrl = "baseUrl";

    /// <summary>Authority host, default https://login.microsoftonline.com.</summary>
    public const string Authority = "authority";

    /// <summary>Concurrent requests per mailbox (default and maximum 4: Exchange Online's MailboxConcurrency limit).</summary>
    public const string MailboxConcurrency = "mailboxConcurrency";

    /// <summary>
    /// The HTTPS URL at which Graph reaches this Tandem's service (its /graph/notifications endpoint, through whatever
    /// proxy publishes it). Set: folders are watched by webhook subscriptions; absent: by delta polling.
    /// </summary>
    public const string NotificationUrl = "notificationUrl";

    /// <summary>Secret: the client secret.</summary>
    public const string ClientSecretSecret = "clientSecret";

    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";

    public const string DefaultAuthority = "https://login.microsoftonline.com";
}
