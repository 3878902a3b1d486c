using System.Net;
using Tandem.Connectors.Local;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Panel;
using Tandem.Panel.Security;
using Tandem.Service;
using Tandem.Service.Runtime;
using Tandem.State;
using Tandem.State.Admin;
using Tandem.State.Sqlite;

namespace Tandem.Panel.Tests;

/// <summary>
/// One demo-seeded lab and one <c>tandem serve</c> with the panel, in this test process, on a free loopback port over a throwaway state: accounts
/// for each role (password <see cref="Password"/>), an API token for each, a local connection and an EWS connection
/// whose password (<see cref="EwsSecret"/>) must never leak. Shared by every test of the collection.
/// </summary>
public sealed class PanelServer : IAsyncLifetime
{
    public const string Password = "correct horse battery";
    public const string EwsSecret = "Pa55-w0rd-N3ver-Sh0wn!";

    private readonly CancellationTokenSource _stop = new();
    private Task<int>? _service;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "tandem-panel-" + Guid.NewGuid().ToString("N"));

    public string StatePath => Path.Combine(Directory, "tandem.db");

    public string Root => Path.Combine(Directory, "files");

    public Uri BaseUri { get; private set; } = null!;

    public Dictionary<AdminRole, string> Tokens { get; } = [];

    /// <summary>The demo-seeded Exchange lab, in this process, for the browser tests.</summary>
    public Tandem.Lab.LabServer Lab { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Root);
        Lab = await Tandem.Lab.LabServer.StartAsync(new Tandem.Lab.LabOptions { Urls = "http://127.0.0.1:0", Seed = "demo" }, CancellationToken.None);
        await using (var store = await OpenStoreAsync())
        {
            foreach (var role in Enum.GetValues<AdminRole>())
            {
                var name = PanelRoles.Name(role);
                await AdminAccounts.AddAsync(store, name, Password, role, TimeProvider.System, default);
                Tokens[role] = (await ApiTokens.CreateAsync(store, name, "tests", TimeProvider.System, default)).Text;
            }
            await store.AddConnectionAsync(new ConnectionDefinition("files", LocalConnectorFactory.Type, new Dictionary<string, string> { ["root"] = Root }), new Dictionary<string, string>(), default);
            await store.AddConnectionAsync(new ConnectionDefinition("exchange", "ews", new Dictionary<string, string> { ["url"] = "https://mail.example.invalid/EWS/Exchange.asmx", ["user"] = "svc-sync" }),
                new Dictionary<string, string> { ["password"] = EwsSecret }, default);
        }
        var port = Tandem.Testing.Net.LoopbackPort.Free();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        var settings = new ServiceSettings
        {
            StatePath = StatePath,
            Listen = BaseUri.ToString().TrimEnd('/'),
            LogDirectory = Path.Combine(Directory, "logs"),
            DefaultPollInterval = TimeSpan.FromSeconds(1),
            ConfigRefresh = TimeSpan.FromMilliseconds(500),
        };
        IReadOnlyList<IConnectorFactory> factories = [new LocalConnectorFactory(TimeProvider.System), new Tandem.Connectors.Ews.EwsConnectorFactory(time: TimeProvider.System)];
        _service = Task.Run(() => ServiceHost.RunAsync(settings, factories, TimeProvider.System, _ => null, _stop.Token, new PanelAddOn()));
        using var http = new HttpClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (_service.IsCompleted) throw new InvalidOperationException($"the service stopped at start with exit code {await _service}");
            try
            {
                using var live = await http.GetAsync(new Uri(BaseUri, "health/live"));
                if (live.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException)
            {
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("the service did not answer /health/live within 60 s");
            await Task.Delay(100);
        }
    }

    /// <summary>The state as the CLI would open it while the service runs.</summary>
    public Task<IStateStore> OpenStoreAsync() => SqliteStateStore.OpenAsync(StatePath, TimeProvider.System, default);

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string? actor = null, string? action = null)
    {
        await using var store = await OpenStoreAsync();
        return await store.ReadAuditAsync(new AuditQuery(1000, actor, action), default);
    }

    public PanelClient Client() => new(BaseUri);

    public HttpClient Api(AdminRole? role)
    {
        var http = new HttpClient { BaseAddress = BaseUri };
        if (role is { } r) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens[r]);
        return http;
    }

    public async Task DisposeAsync()
    {
        await BrowserSession.StopSharedAsync();
        await _stop.CancelAsync();
        if (_service is not null) await _service;
        _stop.Dispose();
        if (Lab is not null) await Lab.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PanelCollection : ICollectionFixture<PanelServer>
{
    public const string Name = "panel";
}
