using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Autodiscover;
using Tandem.Connectors.Ews.Folders;
using Tandem.Connectors.Ews.Notifications;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Connectors.Ews.Sessions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews;

/// <summary>
/// An Exchange organisation reached over EWS. The endpoint comes from the settings or from Autodiscover
/// (once, on first use); every request passes the shared per-server gate.
/// </summary>
internal sealed partial class EwsConnector : IConnector
{
    private readonly EwsSettings _settings;
    private readonly ContactPhotos _photos;
    private readonly IEwsAuth _auth;
    private readonly EwsConnectorOptions _options;
    private readonly HttpClient _http;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _init = new(1, 1);
    private readonly EwsConnectionHealth _health;
    private readonly Dictionary<string, string?> _groupings = new(StringComparer.OrdinalIgnoreCase);
    private EwsClient? _client;
    private DeletedItemsCheck? _deletedItems;
    private AutodiscoverResult? _discovered;
    private StreamingHub? _hub;

    public EwsConnector(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, EwsConnectorOptions options, EwsConnectionHealth? health = null)
    {
        Connection = connection;
        _health = health ?? new EwsConnectionHealth(connection.Name);
        _settings = EwsSettings.From(connection);
        _options = options;
        _log = options.Logging.CreateLogger("Tandem.Connectors.Ews");
        _photos = new ContactPhotos(PhotoSettings.From(connection), _log);
        var password = secrets.GetValueOrDefault(EwsSettingKeys.PasswordSecret);
        var handler = options.Handler ?? CreateHandler(_settings, password);
        _http = new HttpClient(handler, disposeHandler: options.Handler is null) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Tandem/1.0");
        _auth = _settings.Auth switch
        {
            EwsAuthKind.Basic => new BasicAuth(_settings.User ?? _settings.Email ?? string.Empty, password ?? string.Empty),
            EwsAuthKind.OAuth => new OAuthAuth(_settings.Tenant!, _settings.ClientId!,
                secrets.GetValueOrDefault(EwsSettingKeys.ClientSecretSecret) ?? throw new ArgumentException($"connection '{connection.Name}': oauth needs the '{EwsSettingKeys.ClientSecretSecret}' secret"),
                _settings.Authority, _settings.Scope),
            _ => NoAuth.Instance, // NTLM runs inside the handler's credential exchange
        };
    }

    public ConnectionDefinition Connection { get; }

    internal EwsSettings Settings => _settings;

    internal EwsConnectionHealth Health => _health;

    private static SocketsHttpHandler CreateHandler(EwsSettings settings, string? password)
    {
        var handler = new SocketsHttpHandler
        {
            // Autodiscover counts and checks every redirect itself; EWS does not redirect.
            AllowAutoRedirect = false,
            // The affinity cookie (X-BackEndOverrideCookie) belongs to one streaming group, never to every request.
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        };
        if (settings.Auth == EwsAuthKind.Ntlm)
        {
            // Off Windows, NTLM needs gss-ntlmssp unless .NET's managed implementation is switched on (.NET 9+).
            if (!OperatingSystem.IsWindows()) AppContext.SetSwitch("System.Net.Security.UseManagedNtlm", true);
            var user = settings.User ?? string.Empty;
            var slash = user.IndexOf('\\', StringComparison.Ordinal);
            var credential = slash > 0
                ? new NetworkCredential(user[(slash + 1)..], password, user[..slash])
                : new NetworkCredential(user, password);
            handler.Credentials = credential;
            handler.PreAuthenticate = true;
        }
        return handler;
    }

    /// <summary>Autodiscover now, ignoring what this connector found before; null when the connection has a manual URL.</summary>
    internal async Task<Uri?> DiscoverAsync(CancellationToken ct)
    {
        if (_settings.Url is not null) return null;
        var autodiscover = new AutodiscoverClient(_http, _auth, _settings.AutodiscoverBase, _options.Srv, _log);
        var found = await autodiscover.DiscoverAsync(_settings.Email!, ct).ConfigureAwait(false);
        return found.EwsUrl;
    }

    internal async Task<EwsClient> ClientAsync(CancellationToken ct)
    {
        if (_client is not null) return _client;
        await _init.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_client is not null) return _client;
            var url = _settings.Url;
            if (url is null)
            {
                var autodiscover = new AutodiscoverClient(_http, _auth, _settings.AutodiscoverBase, _options.Srv, _log);
                _discovered = await autodiscover.DiscoverAsync(_settings.Email!, ct).ConfigureAwait(false);
                url = _discovered.EwsUrl;
            }
            var gate = _options.Gates.For(url, _options.Time, _settings.MaxConcurrency, _settings.MailboxConcurrency);
            var clientOptions = new EwsClientOptions
            {
                ServerVersion = _settings.Version,
                OnRequest = _options.OnRequest,
                DefaultBackOff = _options.DefaultBackOff,
            };
            _client = new EwsClient(_http, url, _auth, gate, clientOptions, _options.Time, _log, _health);
            return _client;
        }
        finally
        {
            _init.Release();
        }
    }

    /// <summary>The connector's streaming hub (made on first use, after the endpoint is known).</summary>
    internal async Task<StreamingHub> HubAsync(CancellationToken ct)
    {
        var client = await ClientAsync(ct).ConfigureAwait(false);
        lock (_groupings)
        {
            return _hub ??= new StreamingHub(client, _options.Streaming, _settings.HangingConnectionLimit,
                _settings.User ?? _settings.Email ?? string.Empty, GroupingOfAsync, _log);
        }
    }

    /// <summary>
    /// A mailbox's GroupingInformation from SOAP Autodiscover (cached), so mailboxes served together share connections.
    /// Only when the connection itself was set up by Autodiscover; unknown (null) otherwise or when Autodiscover fails.
    /// </summary>
    private async Task<string?> GroupingOfAsync(string mailbox, CancellationToken ct)
    {
        if (_discovered is null) return null;
        lock (_groupings)
        {
            if (_groupings.TryGetValue(mailbox, out var known)) return known;
        }
        string? grouping;
        if (string.Equals(mailbox, _settings.Email, StringComparison.OrdinalIgnoreCase))
        {
            grouping = _discovered.GroupingInformation;
        }
        else
        {
            try
            {
                var autodiscover = new AutodiscoverClient(_http, _auth, _settings.AutodiscoverBase, _options.Srv, _log);
                grouping = (await autodiscover.DiscoverAsync(mailbox, ct).ConfigureAwait(false)).GroupingInformation;
            }
            catch (EwsException)
            {
                grouping = null;
            }
        }
        lock (_groupings) _groupings[mailbox] = grouping;
        return grouping;
    }

    internal EwsCall MailboxCall(string mailbox) => _settings.Impersonation
        ? new EwsCall(mailbox, ImpersonatedMailbox: mailbox)
        : new EwsCall(mailbox);

    /// <summary>Hierarchy requests for public folders carry the routing headers Autodiscover named (ews-notes.md §1.1).</summary>
    internal EwsCall PublicCall() => new(
        FolderRef.PublicMailbox,
        ImpersonatedMailbox: _settings.Impersonation ? _settings.DefaultMailbox : null,
        AnchorMailbox: _discovered?.PublicFolderInformation,
        PublicFolderMailbox: _discovered?.PublicFolderInformation is null ? null : _discovered.InternalRpcClientServer ?? _discovered.PublicFolderInformation);

    private FolderAddress MailboxRoot(string mailbox) =>
        FolderAddress.Named("msgfolderroot", _settings.Impersonation ? null : mailbox);

    private string ResolveMailbox(string mailbox) =>
        mailbox is "me" or "" ? _settings.DefaultMailbox ?? throw new ArgumentException($"connection '{Connection.Name}' has no default mailbox: name one") : mailbox;

    public async Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var resolver = new FolderResolver(client);
        var result = new List<FolderInfo>();
        var mailboxes = mailbox is null
            ? new[] { _settings.DefaultMailbox, FolderRef.PublicMailbox }.OfType<string>().ToArray()
            : [mailbox];
        foreach (var box in mailboxes)
        {
            var isPublic = string.Equals(box, FolderRef.PublicMailbox, StringComparison.OrdinalIgnoreCase);
            var call = isPublic ? PublicCall() : MailboxCall(ResolveMailbox(box));
            var root = isPublic ? FolderAddress.Named("publicfoldersroot") : MailboxRoot(ResolveMailbox(box));
            try
            {
                await WalkAsync(resolver, root, isPublic ? FolderRef.PublicMailbox : ResolveMailbox(box), string.Empty, call, result, 0, cancellationToken).ConfigureAwait(false);
            }
            catch (EwsException ex) when (isPublic && mailbox is null)
            {
                // An organisation without public folders still lists its mailbox.
                LogNoPublicFolders(_log, ex.ResponseCode);
            }
        }
        return result;
    }

    private static async Task WalkAsync(FolderResolver resolver, FolderAddress parent, string mailbox, string prefix, EwsCall call, List<FolderInfo> into, int depth, CancellationToken ct)
    {
        if (depth > 32) return;
        foreach (var child in await resolver.ChildrenAsync(parent, call, ct).ConfigureAwait(false))
        {
            var path = prefix.Length == 0 ? child.DisplayName : prefix + "/" + child.DisplayName;
            into.Add(new FolderInfo(mailbox, path, child.Kind, child.TotalCount, child.Id));
            if (child.ChildFolderCount is null or > 0)
            {
                await WalkAsync(resolver, child.Address, mailbox, path, call, into, depth + 1, ct).ConfigureAwait(false);
            }
        }
    }

    public Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken) =>
        OpenFolderAsync(folder, kind, create, null, cancellationToken);

    /// <summary>
    /// A folder read before is opened by the id its token carries, wherever it now is and whatever it is now called; a
    /// folder whose id is gone was deleted on the server and fails with that reason — it is neither looked up by path
    /// (another folder may have taken the name) nor created again empty. A mailbox folder now under Deleted Items was
    /// deleted by its user (Outlook moves it there) and fails the same way.
    /// </summary>
    public async Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, string? syncToken, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var resolver = new FolderResolver(client);
        var knownId = FolderToken.FolderId(syncToken);
        FolderEntry? entry;
        EwsCall call;
        string? mailbox = null;
        if (folder.IsPublicFolder)
        {
            var hierarchy = PublicCall();
            entry = knownId is not null
                ? await resolver.GetAsync(FolderAddress.ById(knownId), hierarchy, cancellationToken).ConfigureAwait(false)
                : await resolver.ResolveAsync(FolderAddress.Named("publicfoldersroot"), folder.Segments, allowWellKnown: false, kind, create, hierarchy, cancellationToken).ConfigureAwait(false);
            call = entry is null ? hierarchy : await PublicContentCallAsync(client, entry, hierarchy, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            mailbox = ResolveMailbox(folder.Mailbox);
            call = MailboxCall(mailbox);
            entry = knownId is not null
                ? await resolver.GetAsync(FolderAddress.ById(knownId), call, cancellationToken).ConfigureAwait(false)
                : await resolver.ResolveAsync(MailboxRoot(mailbox), folder.Segments, allowWellKnown: true, kind, create, call, cancellationToken).ConfigureAwait(false);
        }
        if (entry is null && knownId is not null)
        {
            throw new EwsException(EwsCodes.FolderNotFound, FolderGone(folder));
        }
        if (entry is null)
        {
            throw new EwsException(EwsCodes.FolderNotFound, $"folder {folder} does not exist (open it with create to make it)");
        }
        var deletedItems = mailbox is null ? null : _deletedItems ??= new DeletedItemsCheck(client);
        if (knownId is not null && deletedItems is not null && await deletedItems.IsDeletedAsync(entry, folder, mailbox!, call, cancellationToken).ConfigureAwait(false))
        {
            throw new EwsException(EwsCodes.FolderNotFound, FolderInDeletedItems(folder));
        }
        if (knownId is not null && !string.Equals(entry.DisplayName, folder.Segments.LastOrDefault(), StringComparison.Ordinal))
        {
            LogFollowed(_log, folder.ToString(), entry.DisplayName);
        }
        var context = new FolderContext(client, entry.Address, kind, call, folder.IsPublicFolder, _settings.BatchSize, _settings.DeleteType, _options.Time, _photos);
        var watch = deletedItems is null ? null : new DeletedFolderWatch(deletedItems, mailbox!, context);
        return new EwsFolderSession(folder, context, HubAsync, _log, watch);
    }

    /// <summary>
    /// Content requests for a public folder go to the public-folder mailbox holding its content: its GUID
    /// is in PR_REPLICA_LIST, its address comes from Autodiscover of GUID@domain. Without Autodiscover
    /// (a fixed URL, one server) the hierarchy routing is used as is.
    /// </summary>
    private async Task<EwsCall> PublicContentCallAsync(EwsClient client, FolderEntry folder, EwsCall hierarchy, CancellationToken ct)
    {
        if (_discovered is null || _settings.Email is null) return hierarchy;
        try
        {
            var response = await client.SendAsync(FolderRequests.GetReplicaList(folder.Address), hierarchy, ct).ConfigureAwait(false);
            var value = response.Descendants(Ns.T + "ExtendedProperty").FirstOrDefault()?.Element(Ns.T + "Value")?.Value;
            if (value is null) return hierarchy;
            var guid = Encoding.ASCII.GetString(Convert.FromBase64String(value)).TrimEnd('\0');
            if (!Guid.TryParse(guid, out _)) return hierarchy;
            var domain = _settings.Email[(_settings.Email.IndexOf('@', StringComparison.Ordinal) + 1)..];
            var autodiscover = new AutodiscoverClient(_http, _auth, _settings.AutodiscoverBase, _options.Srv, _log);
            var found = await autodiscover.DiscoverAsync(guid + "@" + domain, ct).ConfigureAwait(false);
            var smtp = found.SmtpAddress ?? guid + "@" + domain;
            return hierarchy with { AnchorMailbox = smtp, PublicFolderMailbox = smtp };
        }
        catch (Exception ex) when (ex is EwsException or FormatException)
        {
            LogNoContentMailbox(_log, folder.DisplayName, ex.Message);
            return hierarchy;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null) await _hub.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _init.Dispose();
    }

    /// <summary>What a member whose folder was deleted on the server says, on opening it and on reading it.</summary>
    internal static string FolderGone(FolderRef folder) =>
        $"folder {folder} was deleted on the server (its folder id no longer exists); nothing is read from it or deleted because of it. " +
        "Restore the folder, or remove the member (tandem member remove) and add it again";

    /// <summary>What a member whose folder its user deleted (moved to Deleted Items, as Outlook does) says.</summary>
    internal static string FolderInDeletedItems(FolderRef folder) =>
        $"folder {folder} was deleted (it is in Deleted Items now); nothing is read from it or deleted because of it. " +
        "Restore it to where it was, or remove the member (tandem member remove)";

    [LoggerMessage(EventId = 2503, Level = LogLevel.Information, Message = "Folder {Folder} was renamed or moved on the server (now named '{Name}'); it is followed by its id")]
    private static partial void LogFollowed(ILogger logger, string folder, string name);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "No public folders listed ({Code})")]
    private static partial void LogNoPublicFolders(ILogger logger, string code);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Information, Message = "Public folder {Folder}: content mailbox not found ({Reason}); using hierarchy routing")]
    private static partial void LogNoContentMailbox(ILogger logger, string folder, string reason);
}
