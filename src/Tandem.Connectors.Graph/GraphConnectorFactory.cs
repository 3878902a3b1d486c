using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Graph;

/// <summary>Builds "graph" connectors. Setting keys and secrets: <see cref="GraphSettingKeys"/>.</summary>
public sealed class GraphConnectorFactory : IConnectorFactory, IConnectionTester
{
    private readonly GraphConnectorOptions _options;

    public GraphConnectorFactory(ILoggerFactory? logging = null, TimeProvider? time = null)
    {
        _options = new GraphConnectorOptions { Logging = logging ?? NullLoggerFactory.Instance, Time = time ?? TimeProvider.System };
    }

    internal GraphConnectorFactory(GraphConnectorOptions options) => _options = options;

    /// <summary>The webhook notifications of every connector this factory made; the service's endpoint hands POSTs to it.</summary>
    public GraphNotificationHub Notifications => _options.Notifications;

    public bool Supports(string connectionType) => string.Equals(connectionType, GraphSettingKeys.ConnectionType, StringComparison.OrdinalIgnoreCase);

    public Task<CheckLocation> LocateAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        var settings = GraphSettings.From(connection, secrets);
        return Task.FromResult(new CheckLocation(settings.BaseUrl, [new CheckStep("endpoint", true, settings.BaseUrl.ToString())]));
    }

    /// <summary>
    /// App-only sign-in: a token for the application from its tenant. Which mailboxes it may reach (RBAC for Applications)
    /// shows when a member is added or read.
    /// </summary>
    public async Task<IReadOnlyList<CheckStep>> CheckAccessAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, Uri? endpoint, CancellationToken cancellationToken)
    {
        var settings = GraphSettings.From(connection, secrets);
        Microsoft.Kiota.Abstractions.Authentication.IAccessTokenProvider tokens = settings.IsLab ? new Auth.LabTokenProvider(settings.BaseUrl) : new Auth.MsalTokenProvider(settings);
        try
        {
            var token = await tokens.GetAuthorizationTokenAsync(settings.BaseUrl, cancellationToken: cancellationToken).ConfigureAwait(false);
            return [new CheckStep("authentication", !string.IsNullOrEmpty(token), string.IsNullOrEmpty(token) ? "no access token returned" : "app-only access token obtained")];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [new CheckStep("authentication", false, e.Message)];
        }
    }

    public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets)
    {
        if (!Supports(connection.Type)) throw new ArgumentException($"connection '{connection.Name}' is of type '{connection.Type}', not graph");
        return new GraphConnector(connection, secrets, _options);
    }
}
