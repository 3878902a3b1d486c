using System.Collections.Concurrent;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Lab;
using Tandem.Testing.Ews;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>
/// A lab on a free loopback port for one test, and connectors pointed at it. Every request a connector
/// sends is recorded so the test can check it against the schemas.
/// </summary>
internal sealed class LabFixture : IAsyncDisposable
{
    private LabFixture(LabServer server) => Server = server;

    public LabServer Server { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<LabFixture> StartAsync(string seed = "demo", Func<LabOptions, LabOptions>? configure = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var options = new LabOptions { Urls = "http://127.0.0.1:0", Seed = seed, StreamingHeartbeat = TimeSpan.FromSeconds(2) };
        var server = await LabServer.StartAsync(configure is null ? options : configure(options), timeout.Token);
        return new LabFixture(server);
    }

    public static ConnectionDefinition Connection(IReadOnlyDictionary<string, string> settings) => new("lab", "ews", settings);

    public IConnector Connect(string user = "alice@lab.test", bool impersonation = false, bool autodiscover = false, TimeSpan? defaultBackOff = null,
        IReadOnlyDictionary<string, string>? extra = null, HttpMessageHandler? handler = null)
    {
        var settings = new Dictionary<string, string>
        {
            [EwsSettingKeys.User] = user,
            [EwsSettingKeys.Email] = user,
            [EwsSettingKeys.Impersonation] = impersonation ? "true" : "false",
        };
        if (autodiscover) settings[EwsSettingKeys.AutodiscoverBase] = Server.BaseUrl.ToString();
        else settings[EwsSettingKeys.Url] = Server.EwsUrl.ToString();
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) settings[key] = value;
        var options = new EwsConnectorOptions
        {
            OnRequest = Requests.Enqueue,
            // A gate registry per fixture: back-offs of one test must not slow another.
            Gates = new ServerGateRegistry(),
            DefaultBackOff = defaultBackOff ?? TimeSpan.FromMilliseconds(200),
            Srv = new NoSrv(),
            Streaming = new Notifications.StreamingOptions { MinReconnectDelay = TimeSpan.FromMilliseconds(200), MaxReconnectDelay = TimeSpan.FromSeconds(2), IdleTimeout = TimeSpan.FromSeconds(30) },
            Handler = handler,
        };
        return new EwsConnectorFactory(options).Create(Connection(settings), new Dictionary<string, string> { [EwsSettingKeys.PasswordSecret] = "lab" });
    }

    public int CountRequests(string operation) => Requests.Count(r => r.Contains("<m:" + operation + " ", StringComparison.Ordinal) || r.Contains("<m:" + operation + ">", StringComparison.Ordinal));

    /// <summary>Every recorded request is valid against the official schemas.</summary>
    public void AssertRequestsValid()
    {
        Assert.NotEmpty(Requests);
        foreach (var request in Requests) EwsSchema.AssertValid(request);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    private sealed class NoSrv : Autodiscover.ISrvResolver
    {
        public Task<IReadOnlyList<Autodiscover.SrvRecord>> ResolveAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Autodiscover.SrvRecord>>([]);
    }
}
