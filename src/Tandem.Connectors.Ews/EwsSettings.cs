using System.Globalization;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Ews;

internal enum EwsAuthKind { Basic, Ntlm, OAuth }

/// <summary>A validated view of an "ews" connection's settings (keys in <see cref="EwsSettingKeys"/>).</summary>
internal sealed record EwsSettings
{
    public Uri? Url { get; init; }
    public string? Email { get; init; }
    public string? User { get; init; }
    public EwsAuthKind Auth { get; init; }
    public bool Impersonation { get; init; }
    public string? Tenant { get; init; }
    public string? ClientId { get; init; }
    public string? Authority { get; init; }
    public string Scope { get; init; } = "https://outlook.office365.com/.default";
    public Uri? AutodiscoverBase { get; init; }
    public string Version { get; init; } = "Exchange2013_SP1";
    public int MaxConcurrency { get; init; } = 8;
    public int MailboxConcurrency { get; init; } = 2;
    public int BatchSize { get; init; } = 100;
    public string DeleteType { get; init; } = "MoveToDeletedItems";

    /// <summary>Null: by server version (3 on Exchange 2013, else 10).</summary>
    public int? HangingConnectionLimit { get; init; }

    /// <summary>The mailbox a command means when it names none: the autodiscover address, else the logon if it is an address.</summary>
    public string? DefaultMailbox => Email ?? (User?.Contains('@', StringComparison.Ordinal) == true ? User : null);

    public static EwsSettings From(ConnectionDefinition connection)
    {
        string? Get(string key) => connection.Setting(key) is { Length: > 0 } v ? v.Trim() : null;
        int Int(string key, int fallback, int min, int max) =>
            Get(key) is { } v && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? Math.Clamp(i, min, max) : fallback;

        var auth = Get(EwsSettingKeys.Auth)?.ToLowerInvariant() switch
        {
            null or "basic" => EwsAuthKind.Basic,
            "ntlm" or "negotiate" => EwsAuthKind.Ntlm,
            "oauth" or "oauth2" => EwsAuthKind.OAuth,
            var other => throw new ArgumentException($"connection '{connection.Name}': auth '{other}' is not basic, ntlm or oauth"),
        };
        var url = Get(EwsSettingKeys.Url);
        var email = Get(EwsSettingKeys.Email);
        if (url is null && email is null)
        {
            throw new ArgumentException($"connection '{connection.Name}': set '{EwsSettingKeys.Url}' or '{EwsSettingKeys.Email}' (for Autodiscover)");
        }
        var deleteType = Get(EwsSettingKeys.DeleteType) ?? "MoveToDeletedItems";
        if (deleteType is not ("MoveToDeletedItems" or "SoftDelete" or "HardDelete"))
        {
            throw new ArgumentException($"connection '{connection.Name}': deleteType '{deleteType}' is not MoveToDeletedItems, SoftDelete or HardDelete");
        }
        var settings = new EwsSettings
        {
            Url = url is null ? null : new Uri(url, UriKind.Absolute),
            Email = email,
            User = Get(EwsSettingKeys.User),
            Auth = auth,
            Impersonation = bool.TryParse(Get(EwsSettingKeys.Impersonation), out var imp) && imp,
            Tenant = Get(EwsSettingKeys.Tenant),
            ClientId = Get(EwsSettingKeys.ClientId),
            Authority = Get(EwsSettingKeys.Authority),
            Scope = Get(EwsSettingKeys.Scope) ?? "https://outlook.office365.com/.default",
            AutodiscoverBase = Get(EwsSettingKeys.AutodiscoverBase) is { } b ? new Uri(b, UriKind.Absolute) : null,
            Version = Get(EwsSettingKeys.Version) ?? "Exchange2013_SP1",
            MaxConcurrency = Int(EwsSettingKeys.MaxConcurrency, 8, 1, 64),
            MailboxConcurrency = Int(EwsSettingKeys.MailboxConcurrency, 2, 1, 27),
            BatchSize = Int(EwsSettingKeys.BatchSize, 100, 1, 250),
            DeleteType = deleteType,
            HangingConnectionLimit = Get(EwsSettingKeys.HangingConnectionLimit) is null ? null : Int(EwsSettingKeys.HangingConnectionLimit, 10, 1, 100),
        };
        if (auth == EwsAuthKind.OAuth && (settings.Tenant is null || settings.ClientId is null))
        {
            throw new ArgumentException($"connection '{connection.Name}': oauth needs '{EwsSettingKeys.Tenant}' and '{EwsSettingKeys.ClientId}'");
        }
        if (auth == EwsAuthKind.OAuth && !settings.Impersonation)
        {
            // App-only tokens have no mailbox of their own: Exchange Online requires impersonation with them.
            settings = settings with { Impersonation = true };
        }
        return settings;
    }
}
