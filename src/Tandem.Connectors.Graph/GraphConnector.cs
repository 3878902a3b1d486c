using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Tandem.Connectors.Graph.Auth;
using Tandem.Connectors.Graph.Sessions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Graph;

/// <summary>
/// Exchange Online through Microsoft Graph, app-only: contact folders of any mailbox the app may reach (shared mailboxes
/// included), read by delta, written by $batch. Graph has no public folders.
/// </summary>
internal sealed class GraphConnector : IConnector
{
    private readonly GraphContext _graph;
    private readonly HttpClient _http;
    private readonly FolderResolver _folders;
    private readonly ILogger _logger;
    private readonly Uri? _notificationUrl;
    private readonly GraphNotificationHub _hub;

    public GraphConnector(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, GraphConnectorOptions options)
    {
        Connection = connection;
        var settings = GraphSettings.From(connection, secrets);
        IAccessTokenProvider tokens = settings.IsLab ? new LabTokenProvider(settings.BaseUrl) : new MsalTokenProvider(settings);
        // The SDK's pipeline, with its retry handler honouring Retry-After on 429, 503 and 504 as often as it allows (10)
        // (Exchange Online throttles in bursts; three retries give up too early).
        var handlers = GraphClientFactory.CreateDefaultHandlers(null)
            .Select(h => h is RetryHandler ? new RetryHandler(new RetryHandlerOption { MaxRetry = 10 }) : h)
            .ToList();
        _http = GraphClientFactory.Create(handlers, "v1.0", finalHandler: options.FinalHandler);
        var baseUrl = settings.BaseUrl.ToString().TrimEnd('/');
        var client = new GraphServiceClient(_http, new BaseBearerTokenAuthenticationProvider(tokens), baseUrl);
        _graph = new GraphContext(client, new MailboxGate(settings.MailboxConcurrency), options.Time, baseUrl, new GraphPhotos(PhotoSettings.From(connection)));
        _folders = new FolderResolver(_graph);
        _logger = options.Logging.CreateLogger("Tandem.Connectors.Graph");
        _notificationUrl = settings.NotificationUrl;
        _hub = options.Notifications;
    }

    public ConnectionDefinition Connection { get; }

    public Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken)
    {
        if (mailbox is null || string.Equals(mailbox, FolderRef.PublicMailbox, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException((mailbox is null ? $"name a mailbox (tandem folders {Connection.Name}:alice@contoso.com): an app-only Graph connection has none of its own. " : "")
                + FolderResolver.NoPublicFolders);
        }

        return _folders.ListAsync(mailbox, cancellationToken);
    }

    public Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken) =>
        OpenFolderAsync(folder, kind, create, null, cancellationToken);

    /// <summary>By the folder id in the member's stored deltaLink when it has one (<see cref="DeltaLinkFolder"/>), else by path.</summary>
    public async Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, string? syncToken, CancellationToken cancellationToken)
    {
        var resolved = folder.IsPublicFolder ? null : DeltaLinkFolder.Of(syncToken, folder.Mailbox, kind);
        resolved ??= await _folders.ResolveAsync(folder, kind, create, cancellationToken).ConfigureAwait(false);
        var webhooks = _notificationUrl is null ? null : new WebhookTarget(_hub, _notificationUrl);
        return new GraphFolderSession(folder, _graph, resolved, _logger, webhooks);
    }

    public ValueTask DisposeAsync()
    {
        _graph.Gate.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
