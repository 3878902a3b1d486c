using System.CommandLine;
using Tandem.Cli.Ews;
using Tandem.Connectors.Ews;
using Tandem.Core.Items;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>connection add NAME --type ews (--autodiscover EMAIL | --url URL) --user USER --password-stdin [--auth basic|ntlm|oauth]
/// [--impersonation] [--autodiscover-url URL]</c>; OAuth2 app-only: <c>--tenant --client-id --client-secret-stdin</c>.
/// Secrets come from stdin only, so they never land in shell history or the process list.
/// </summary>
internal sealed class EwsConnectionType : IConnectionType
{
    private readonly Option<string?> _autodiscover = new("--autodiscover") { Description = "ews: e-mail address Autodiscover starts from" };
    private readonly Option<string?> _url = SharedConnectionOptions.Url;
    private readonly Option<string?> _autodiscoverUrl = new("--autodiscover-url") { Description = "ews: send Autodiscover to this server (scheme, host, port) instead of the address's domain, e.g. the lab's http://127.0.0.1:5080" };
    private readonly Option<string?> _user = new("--user") { Description = "ews: logon name (UPN or DOMAIN\\user) for basic and ntlm" };
    private readonly Option<bool> _passwordStdin = new("--password-stdin") { Description = "ews: read the password from the first line of stdin" };
    private readonly Option<string?> _auth = new("--auth") { Description = "ews: basic (default), ntlm or oauth" };
    private readonly Option<bool> _impersonation = new("--impersonation") { Description = "ews: act for each mailbox with ExchangeImpersonation (service account)" };
    private readonly Option<string?> _tenant = new("--tenant") { Description = "ews oauth, graph: Entra tenant id or domain" };
    private readonly Option<string?> _clientId = new("--client-id") { Description = "ews oauth, graph: application (client) id" };
    private readonly Option<bool> _clientSecretStdin = new("--client-secret-stdin") { Description = "ews oauth, graph: read the client secret from stdin (after the password line, if any)" };

    private readonly Option<bool> _noPhotos = new("--no-photos") { Description = "ews: leave contact photos out (neither read nor written; the store's photos stay as they are)" };
    private readonly Option<int?> _photoMaxKb = new("--photo-max-kb") { Description = "ews: contact photos over this size (KiB, default 1024) are not read; such contacts sync without them" };

    private readonly Func<TextReader> _stdin;

    public EwsConnectionType() : this(() => Console.In)
    {
    }

    internal EwsConnectionType(Func<TextReader> stdin) => _stdin = stdin;

    public string Type => EwsSettingKeys.ConnectionType;

    // Shared with graph connections (the same app-only flags), so one option object serves both types.
    internal Option<string?> TenantOption => _tenant;

    internal Option<string?> ClientIdOption => _clientId;

    internal Option<bool> ClientSecretStdinOption => _clientSecretStdin;

    public IEnumerable<Option> Options => [_autodiscover, _url, _autodiscoverUrl, _user, _passwordStdin, _auth, _impersonation, _tenant, _clientId, _clientSecretStdin, _noPhotos, _photoMaxKb];

    public (Dictionary<string, string> Settings, Dictionary<string, string> Secrets) Read(ParseResult parse)
    {
        var input = new EwsConnectionInput
        {
            Autodiscover = parse.GetValue(_autodiscover),
            Url = parse.GetValue(_url),
            AutodiscoverUrl = parse.GetValue(_autodiscoverUrl),
            User = parse.GetValue(_user),
            Auth = parse.GetValue(_auth),
            Impersonation = parse.GetValue(_impersonation),
            Tenant = parse.GetValue(_tenant),
            ClientId = parse.GetValue(_clientId),
            PasswordFromStdin = parse.GetValue(_passwordStdin),
            ClientSecretFromStdin = parse.GetValue(_clientSecretStdin),
        };
        // Validate the flags before reading stdin: a wrong flag must not swallow (and waste) a piped secret.
        var settings = input.ToSettings();
        if (parse.GetValue(_noPhotos)) settings[PhotoSettings.IncludeKey] = "false";
        if (parse.GetValue(_photoMaxKb) is { } kb)
        {
            if (kb < 0) throw new CliUsageException($"--photo-max-kb {kb} is not a size in KiB");
            settings[PhotoSettings.MaxKbKey] = kb.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var stdin = input.PasswordFromStdin || input.ClientSecretFromStdin ? _stdin() : null;
        return (settings, input.ReadSecrets(stdin));
    }
}
