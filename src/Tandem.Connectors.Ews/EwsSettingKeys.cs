namespace Tandem.Connectors.Ews;

/// <summary>
/// The settings an "ews" connection reads (ConnectionDefinition.Settings), and the secrets it expects in
/// the secrets dictionary. Secrets are never logged.
/// </summary>
public static class EwsSettingKeys
{
    /// <summary>The connection type this connector serves.</summary>
    public const string ConnectionType = "ews";

    /// <summary>EWS endpoint (https://mail.contoso.com/EWS/Exchange.asmx); when absent, Autodiscover runs on <see cref="Email"/>.</summary>
    public const string Url = "url";

    /// <summary>Address Autodiscover starts from; also the mailbox used when a command names none.</summary>
    public const string Email = "email";

    /// <summary>Logon name (UPN or DOMAIN\user) for basic and ntlm.</summary>
    public const string User = "user";

    /// <summary>basic (default) | ntlm | oauth.</summary>
    public const string Auth = "auth";

    /// <summary>true: act for each mailbox with ExchangeImpersonation (service account); false: delegate access.</summary>
    public const string Impersonation = "impersonation";

    /// <summary>OAuth: Entra tenant id or domain.</summary>
    public const string Tenant = "tenant";

    /// <summary>OAuth: application (client) id.</summary>
    public const string ClientId = "clientId";

    /// <summary>OAuth: authority host, default https://login.microsoftonline.com.</summary>
    public const string Authority = "authority";

    /// <summary>OAuth: scope, default https://outlook.office365.com/.default.</summary>
    public const string Scope = "scope";

    /// <summary>Replaces scheme, host and port of every Autodiscover candidate (tests and the lab: http://127.0.0.1:5080).</summary>
    public const string AutodiscoverBase = "autodiscoverBase";

    /// <summary>RequestServerVersion, default Exchange2013_SP1.</summary>
    public const string Version = "version";

    /// <summary>Concurrent requests per server (default 8).</summary>
    public const string MaxConcurrency = "maxConcurrency";

    /// <summary>Concurrent requests per mailbox (default 2).</summary>
    public const string MailboxConcurrency = "mailboxConcurrency";

    /// <summary>Items per CreateItem/UpdateItem/DeleteItem/GetItem request (default 100, at most 250).</summary>
    public const string BatchSize = "batchSize";

    /// <summary>DeleteItem's DeleteType for mailbox folders: MoveToDeletedItems (default) | SoftDelete | HardDelete. Public folders use SoftDelete.</summary>
    public const string DeleteType = "deleteType";

    /// <summary>
    /// Open streaming (GetStreamingEvents) connections per account — the HangingConnectionLimit budget; default 10, or 3
    /// when the server reports Exchange 2013 (15.0). Folders that do not fit are polled.
    /// </summary>
    public const string HangingConnectionLimit = "hangingConnectionLimit";

    /// <summary>Secret: password for basic and ntlm.</summary>
    public const string PasswordSecret = "password";

    /// <summary>Secret: OAuth client secret.</summary>
    public const string ClientSecretSecret = "clientSecret";
}
