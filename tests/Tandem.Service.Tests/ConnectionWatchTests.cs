using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Connectors.Ews;
using Tandem.Core.Groups;
using Tandem.Lab;
using Tandem.Service.Attendant;
using Tandem.Service.Runtime;
using Tandem.State;
using Tandem.State.Sqlite;
using Tandem.Testing.Time;

namespace Tandem.Service.Tests;

/// <summary>
/// The attendant's Autodiscover watch against the lab, following how-to-refresh-configuration-information-by-using-
/// autodiscover: refresh on a connection error only when the cache is over an hour old; keep the old URL when
/// Autodiscover fails; never touch a connection with a manual URL.
/// </summary>
public sealed class ConnectionWatchTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tandem-watch-" + Guid.NewGuid().ToString("N"));
    private LabServer _lab = null!;
    private IStateStore _store = null!;
    private readonly TestClock _clock = new(Now);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _lab = await LabServer.StartAsync(new LabOptions { Urls = "http://127.0.0.1:0", Seed = "empty" }, CancellationToken.None);
        _store = await SqliteStateStore.OpenAsync(Path.Combine(_dir, "tandem.db"), _clock, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _lab.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task AddConnectionAsync(string name, Uri autodiscoverBase, DateTimeOffset? discoveredAt, string? discoveredUrl = null, string? manualUrl = null)
    {
        var settings = new Dictionary<string, string>
        {
            [EwsSettingKeys.Email] = "tandem@lab.test", [EwsSettingKeys.User] = "tandem@lab.test", [EwsSettingKeys.Impersonation] = "true",
            [EwsSettingKeys.AutodiscoverBase] = autodiscoverBase.ToString(),
        };
        if (manualUrl is not null) settings[EwsSettingKeys.Url] = manualUrl;
        if (discoveredAt is { } at) settings[ConnectionSettings.DiscoveredAt] = at.ToString("O", CultureInfo.InvariantCulture);
        if (discoveredUrl is not null) settings[ConnectionSettings.DiscoveredUrl] = discoveredUrl;
        await _store.AddConnectionAsync(new ConnectionDefinition(name, "ews", settings), new Dictionary<string, string> { ["password"] = "lab" }, default);
    }

    private Task FailingAsync(string connection, string error) =>
        _store.WriteHeartbeatAsync(new ServiceHeartbeat("node", 1, Now, Now,
            $$"""{"groups":[{"group":"company","failing":[{"member":"{{connection}}:alice@lab.test/Contacts","connection":"{{connection}}","error":"{{error}}","since":"{{Now:O}}"}]}]}"""), default);

    private Task CheckAsync() =>
        new ConnectionWatch(_store, new EwsConnectorFactory(time: _clock), new AttendantSettings
        {
            StatePath = "unused", ServiceProgram = "unused", ServiceArguments = [], HealthUrl = new Uri("http://127.0.0.1:1/health/live"),
        }, _clock, NullLogger.Instance).CheckAsync(default);

    private async Task<ConnectionDefinition> ConnectionAsync(string name) => (await _store.GetConnectionAsync(name, default))!;

    [Fact]
    public async Task ConnectionError_CacheOverAnHourOld_AutodiscoversAndRecordsTheNewUrl()
    {
        await AddConnectionAsync("hq", _lab.BaseUrl, Now.AddHours(-2), "http://10.0.0.1/EWS/Exchange.asmx");
        await FailingAsync("hq", "SyncFolderItems: ErrorMailboxMoveInProgress");

        await CheckAsync();

        var after = await ConnectionAsync("hq");
        Assert.Equal(_lab.EwsUrl.ToString(), after.Setting(ConnectionSettings.DiscoveredUrl));
        Assert.Equal(Now, DateTimeOffset.Parse(after.Setting(ConnectionSettings.DiscoveredAt)!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ConnectorReportsTransportFailure_CacheOverAnHourOld_Autodiscovers()
    {
        await AddConnectionAsync("hq", _lab.BaseUrl, Now.AddHours(-2), "http://10.0.0.1/EWS/Exchange.asmx");
        await _store.WriteHeartbeatAsync(new ServiceHeartbeat("node", 1, Now, Now,
            """{"groups":[],"connections":[{"connection":"hq","failing":"TransportError","since":null,"url":"http://10.0.0.1/EWS/Exchange.asmx"}]}"""), default);

        await CheckAsync();

        Assert.Equal(_lab.EwsUrl.ToString(), (await ConnectionAsync("hq")).Setting(ConnectionSettings.DiscoveredUrl));
    }

    [Fact]
    public async Task ConnectionError_CacheYoungerThanAnHour_KeepsTheCachedUrl()
    {
        await AddConnectionAsync("hq", _lab.BaseUrl, Now.AddMinutes(-10), "http://10.0.0.1/EWS/Exchange.asmx");
        await FailingAsync("hq", "ErrorConnectionFailed");

        await CheckAsync();

        Assert.Equal("http://10.0.0.1/EWS/Exchange.asmx", (await ConnectionAsync("hq")).Setting(ConnectionSettings.DiscoveredUrl));
    }

    [Fact]
    public async Task ErrorThatIsNotAboutTheServer_DoesNotAutodiscover()
    {
        await AddConnectionAsync("hq", _lab.BaseUrl, Now.AddHours(-2), "http://10.0.0.1/EWS/Exchange.asmx");
        await FailingAsync("hq", "ErrorAccessDenied");

        await CheckAsync();

        Assert.Equal("http://10.0.0.1/EWS/Exchange.asmx", (await ConnectionAsync("hq")).Setting(ConnectionSettings.DiscoveredUrl));
    }

    [Fact]
    public async Task AutodiscoverFails_TheOldUrlIsKept()
    {
        await AddConnectionAsync("hq", new Uri("http://127.0.0.1:1/"), Now.AddHours(-2), "http://10.0.0.1/EWS/Exchange.asmx");
        await FailingAsync("hq", "Connection refused");

        await CheckAsync();

        var after = await ConnectionAsync("hq");
        Assert.Equal("http://10.0.0.1/EWS/Exchange.asmx", after.Setting(ConnectionSettings.DiscoveredUrl));
        Assert.Equal(Now.AddHours(-2), DateTimeOffset.Parse(after.Setting(ConnectionSettings.DiscoveredAt)!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ManualUrl_IsLeftAlone()
    {
        await AddConnectionAsync("hq", _lab.BaseUrl, null, manualUrl: "http://10.0.0.9/EWS/Exchange.asmx");
        await FailingAsync("hq", "Connection refused");

        await CheckAsync();

        var after = await ConnectionAsync("hq");
        Assert.Null(after.Setting(ConnectionSettings.DiscoveredUrl));
        Assert.Equal("http://10.0.0.9/EWS/Exchange.asmx", after.Setting(EwsSettingKeys.Url));
    }
}
