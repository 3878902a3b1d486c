using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Connectors.Local;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine;
using Tandem.Service.Runtime;
using Tandem.State;
using Tandem.State.Sqlite;

namespace Tandem.Service.Tests.Runtime;

/// <summary>
/// A pause lifted with the CLI while the service runs (another process writing the state) acts within seconds: the
/// supervisor sees the change and wakes the group's runner, which otherwise would wait for a notification or a poll
/// that may be an hour away.
/// </summary>
public sealed class PauseWakeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tandem-pausewake-" + Guid.NewGuid().ToString("N"));

    private string Root => Path.Combine(_dir, "files");

    private string StatePath => Path.Combine(_dir, "tandem.db");

    [Fact]
    public async Task ResumeFromTheCli_WhileTheServiceRuns_SyncsWithinSeconds_WithoutANotificationOrPoll()
    {
        Directory.CreateDirectory(Path.Combine(Root, "hq", "Contacts"));
        // both folders exist: both are watched, no member fails (a failing one would be retried within seconds anyway)
        Directory.CreateDirectory(Path.Combine(Root, "bob", "Contacts"));
        await using (var cli = await SqliteStateStore.OpenAsync(StatePath, TimeProvider.System, default))
        {
            await cli.AddConnectionAsync(new ConnectionDefinition("files", LocalConnectorFactory.Type, new Dictionary<string, string> { ["root"] = Root }), new Dictionary<string, string>(), default);
            await cli.AddGroupAsync(new GroupDefinition
            {
                Name = "people",
                Kind = ItemKind.Contact,
                Members = new[] { new MemberDefinition(FolderRef.Parse("files:hq/Contacts"), MemberRole.Source), new MemberDefinition(FolderRef.Parse("files:bob/Contacts"), MemberRole.Target) }.ToValueList(),
            }, default);
            await Engine(cli).PauseAsync("people", "paused with tandem group pause", default);
        }
        await File.WriteAllTextAsync(Path.Combine(Root, "hq", "Contacts", "ann.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEND:VCARD\r\n");

        var settings = new ServiceSettings
        {
            StatePath = StatePath,
            Listen = $"http://127.0.0.1:{Tandem.Testing.Net.LoopbackPort.Free()}",
            // nothing but the supervisor can wake the group: no poll within the test, no reconcile
            DefaultPollInterval = TimeSpan.FromHours(1),
            ReconcileInterval = TimeSpan.FromDays(7),
            ConfigRefresh = TimeSpan.FromMilliseconds(300),
        };
        using var stop = new CancellationTokenSource();
        IReadOnlyList<IConnectorFactory> factories = [new LocalConnectorFactory(TimeProvider.System)];
        var service = Task.Run(() => ServiceHost.RunAsync(settings, factories, TimeProvider.System, _ => null, stop.Token));
        try
        {
            var bob = Path.Combine(Root, "bob", "Contacts");
            // paused: the runner's first cycle (and the one after it subscribed) writes nothing
            using var http = new HttpClient { BaseAddress = new Uri(settings.Listen) };
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (!await RanPausedAsync(http))
            {
                Assert.False(service.IsCompleted, "the service stopped");
                Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), "the group's first cycle did not run within 60 s");
                await Task.Delay(100);
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Empty(Copies(bob));

            await using (var cli = await SqliteStateStore.OpenAsync(StatePath, TimeProvider.System, default))
                await Engine(cli).ResumeAsync("people", default);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (Copies(bob).Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(100);
            Assert.Single(Copies(bob));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the resumed group synced only after {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await service);
        }
    }

    /// <summary>The service's /status: the group's first cycle has run and found it paused.</summary>
    private static async Task<bool> RanPausedAsync(HttpClient http)
    {
        try
        {
            using var status = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("status", UriKind.Relative)));
            return status.RootElement.GetProperty("groups").EnumerateArray().Any(g => g.GetProperty("group").GetString() == "people"
                && g.GetProperty("started").GetBoolean() && g.GetProperty("state").GetString() == "paused");
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static SyncEngine Engine(IStateStore store) => new(store, new ConnectorRegistry(), TimeProvider.System, NullLogger<SyncEngine>.Instance);

    private static List<string> Copies(string folder) => Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*.vcf")] : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
