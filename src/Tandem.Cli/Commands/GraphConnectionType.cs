using System.CommandLine;
using Tandem.Connectors.Graph;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>connection add NAME --type graph --tenant T --client-id C (--client-secret-stdin | --certificate PATH) [--graph-url URL]
/// [--notification-url URL]</c>:
/// Exchange Online through Microsoft Graph, app-only. The lab: <c>--graph-url http://127.0.0.1:5080/v1.0</c> alone. --tenant,
/// --client-id and --client-secret-stdin are the same options ews's OAuth uses.
/// </summary>
internal sealed class GraphConnectionType(EwsConnectionType ews, Func<TextReader> stdin) : IConnectionType
{
    private readonly Option<string?> _certificate = new("--certificate") { Description = "graph: certificate file (PFX without password, or PEM with its key) instead of a client secret" };
    private readonly Option<string?> _notificationUrl = new("--notification-url") { Description = "graph: the https URL at which Graph reaches this Tandem's service (its /graph/notifications endpoint): webhooks instead of delta polling" };
    private readonly Option<string?> _graphUrl = new("--graph-url") { Description = "graph: Graph root (default https://graph.microsoft.com/v1.0; national clouds; the lab: http://127.0.0.1:5080/v1.0)" };

    public GraphConnectionType(EwsConnectionType ews) : this(ews, () => Console.In)
    {
    }

    public string Type => GraphSettingKeys.ConnectionType;

    public IEnumerable<Option> Options => [ews.TenantOption, ews.ClientIdOption, ews.ClientSecretStdinOption, _certificate, _graphUrl, _notificationUrl];

    public (Dictionary<string, string> Settings, Dictionary<string, string> Secrets) Read(ParseResult parse)
    {
        var tenant = parse.GetValue(ews.TenantOption)?.Trim();
        var clientId = parse.GetValue(ews.ClientIdOption)?.Trim();
        var secretFromStdin = parse.GetValue(ews.ClientSecretStdinOption);
        var certificate = parse.GetValue(_certificate);
        var settings = new Dictionary<string, string>();
        if (parse.GetValue(_graphUrl) is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                throw new CliUsageException($"--graph-url '{url}' is not an http(s) URL");
            settings[GraphSettingKeys.BaseUrl] = uri.ToString().TrimEnd('/');
        }

        if (parse.GetValue(_notificationUrl) is { Length: > 0 } notify)
        {
            if (!Uri.TryCreate(notify.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
                throw new CliUsageException($"--notification-url '{notify}' must be an https URL Graph can reach (http only on loopback, for the lab)");
            settings[GraphSettingKeys.NotificationUrl] = uri.ToString();
        }

        if (string.IsNullOrEmpty(tenant))
        {
            // Only the lab is reached without a tenant: it takes any token, and only on a loopback address.
            if (!settings.TryGetValue(GraphSettingKeys.BaseUrl, out var lab) || !new Uri(lab).IsLoopback)
                throw new CliUsageException("graph connections need --tenant (Entra tenant id or domain); only the lab (--graph-url http://127.0.0.1:PORT/v1.0) is reached without one");
            if (!string.IsNullOrEmpty(clientId) || secretFromStdin || certificate is not null)
                throw new CliUsageException("--client-id, --client-secret-stdin and --certificate need --tenant");
            return (settings, []);
        }

        if (string.IsNullOrEmpty(clientId)) throw new CliUsageException("graph connections need --client-id (the application id of the app registration)");
        if (secretFromStdin == certificate is not null) throw new CliUsageException("graph connections need exactly one of --client-secret-stdin or --certificate PATH");
        if (settings.TryGetValue(GraphSettingKeys.BaseUrl, out var baseUrl) && !baseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            throw new CliUsageException($"--graph-url '{baseUrl}' must be https with a tenant: tokens are never sent in clear");
        settings[GraphSettingKeys.Tenant] = tenant;
        settings[GraphSettingKeys.ClientId] = clientId;
        var secrets = new Dictionary<string, string>();
        if (certificate is not null)
        {
            var path = Path.GetFullPath(certificate);
            if (!File.Exists(path)) throw new CliUsageException($"--certificate '{certificate}': no such file");
            settings[GraphSettingKeys.CertificatePath] = path;
        }
        else
        {
            var line = stdin().ReadLine()?.TrimEnd('\r');
            if (string.IsNullOrEmpty(line)) throw new CliUsageException("--client-secret-stdin: no client secret on stdin (pipe it in: echo \"$SECRET\" | tandem connection add …)");
            secrets[GraphSettingKeys.ClientSecretSecret] = line;
        }

        return (settings, secrets);
    }
}
