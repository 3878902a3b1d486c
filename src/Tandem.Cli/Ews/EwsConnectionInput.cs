using Tandem.Connectors.Ews;

namespace Tandem.Cli.Ews;

/// <summary>
/// The `connection add --type ews` flags as given, turned into connector settings and secrets. Pure (stdin is
/// passed in), so every refusal is testable; each names the flag to fix.
/// </summary>
internal sealed record EwsConnectionInput
{
    public string? Autodiscover { get; init; }
    public string? Url { get; init; }
    public string? AutodiscoverUrl { get; init; }
    public string? User { get; init; }
    public string? Auth { get; init; }
    public bool Impersonation { get; init; }
    public string? Tenant { get; init; }
    public string? ClientId { get; init; }
    public bool PasswordFromStdin { get; init; }
    public bool ClientSecretFromStdin { get; init; }

    private string AuthKind => Auth?.Trim().ToLowerInvariant() switch
    {
        null or "" or "basic" => "basic",
        "ntlm" => "ntlm",
        "oauth" => "oauth",
        var other => throw new CliUsageException($"--auth '{other}' is not basic, ntlm or oauth"),
    };

    public Dictionary<string, string> ToSettings()
    {
        var auth = AuthKind;
        var hasAutodiscover = !string.IsNullOrWhiteSpace(Autodiscover);
        var hasUrl = !string.IsNullOrWhiteSpace(Url);
        if (hasAutodiscover == hasUrl) throw new CliUsageException("ews connections need exactly one of --autodiscover EMAIL or --url URL");
        var settings = new Dictionary<string, string> { [EwsSettingKeys.Auth] = auth };
        if (hasAutodiscover)
        {
            var email = Autodiscover!.Trim();
            if (email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@')) throw new CliUsageException($"--autodiscover '{email}' is not an e-mail address");
            settings[EwsSettingKeys.Email] = email;
        }
        else
        {
            settings[EwsSettingKeys.Url] = HttpUrl(Url!, "--url");
        }
        if (!string.IsNullOrWhiteSpace(AutodiscoverUrl))
        {
            if (!hasAutodiscover) throw new CliUsageException("--autodiscover-url only applies with --autodiscover EMAIL");
            settings[EwsSettingKeys.AutodiscoverBase] = HttpUrl(AutodiscoverUrl, "--autodiscover-url");
        }
        if (auth == "oauth")
        {
            if (string.IsNullOrWhiteSpace(Tenant)) throw new CliUsageException("--auth oauth needs --tenant (Entra tenant id or domain)");
            if (string.IsNullOrWhiteSpace(ClientId)) throw new CliUsageException("--auth oauth needs --client-id (the application id)");
            if (!ClientSecretFromStdin) throw new CliUsageException("--auth oauth needs --client-secret-stdin (the secret is read from stdin)");
            if (PasswordFromStdin) throw new CliUsageException("--password-stdin does not apply to --auth oauth (use --client-secret-stdin)");
            settings[EwsSettingKeys.Tenant] = Tenant.Trim();
            settings[EwsSettingKeys.ClientId] = ClientId.Trim();
            // App-only tokens have no mailbox of their own; the connector impersonates with them anyway.
            settings[EwsSettingKeys.Impersonation] = "true";
            if (!string.IsNullOrWhiteSpace(User)) settings[EwsSettingKeys.User] = User.Trim();
            return settings;
        }
        if (!string.IsNullOrWhiteSpace(Tenant) || !string.IsNullOrWhiteSpace(ClientId) || ClientSecretFromStdin)
            throw new CliUsageException("--tenant, --client-id and --client-secret-stdin apply only to --auth oauth");
        if (string.IsNullOrWhiteSpace(User)) throw new CliUsageException($"--auth {auth} needs --user (logon name)");
        if (!PasswordFromStdin) throw new CliUsageException($"--auth {auth} needs --password-stdin (the password is read from stdin, never from the command line)");
        settings[EwsSettingKeys.User] = User.Trim();
        if (Impersonation) settings[EwsSettingKeys.Impersonation] = "true";
        return settings;
    }

    /// <summary>Reads the secrets in flag order: the password line, then the client-secret line.</summary>
    public Dictionary<string, string> ReadSecrets(TextReader? stdin)
    {
        var secrets = new Dictionary<string, string>();
        if (PasswordFromStdin) secrets[EwsSettingKeys.PasswordSecret] = ReadLine(stdin, "--password-stdin", "password");
        if (ClientSecretFromStdin) secrets[EwsSettingKeys.ClientSecretSecret] = ReadLine(stdin, "--client-secret-stdin", "client secret");
        return secrets;
    }

    private static string ReadLine(TextReader? stdin, string flag, string what)
    {
        var line = stdin?.ReadLine()?.TrimEnd('\r');
        if (string.IsNullOrEmpty(line)) throw new CliUsageException($"{flag}: no {what} on stdin (pipe it in: echo \"$SECRET\" | tandem connection add …)");
        return line;
    }

    private static string HttpUrl(string value, string flag)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new CliUsageException($"{flag} '{value}' is not an http(s) URL");
        return uri.ToString();
    }
}
