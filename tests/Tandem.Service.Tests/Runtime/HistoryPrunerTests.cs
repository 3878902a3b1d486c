using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Connectors.Local;
using Tandem.Core.Groups;
using Tandem.Core.History;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using Tandem.Engine.History;
using Tandem.Service.Runtime;
using Tandem.State.Sqlite;

namespace Tandem.Service.Tests.Runtime;

public sealed class HistoryPrunerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tandem-pruner-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(null, 2)]   // nothing stored: the service's --history-days (90) keeps the 40- and 60-day-old lines
    [InlineData("30", 0)]   // the panel's 30 days: both go
    [InlineData("50", 1)]
    public async Task DailyPrune_UsesTheRetentionStoredInTheState_ElseTheServicesDays(string? stored, int kept)
    {
        Directory.CreateDirectory(_dir);
        var now = TimeProvider.System.GetUtcNow();
        await using var store = await SqliteStateStore.OpenAsync(Path.Combine(_dir, "tandem.db"), TimeProvider.System, default);
        await store.AddConnectionAsync(new ConnectionDefinition("files", LocalConnectorFactory.Type, new Dictionary<string, string> { ["root"] = _dir }), new Dictionary<string, string>(), default);
        await store.AddGroupAsync(new GroupDefinition { Name = "g", Kind = ItemKind.Contact, Members = new[] { new MemberDefinition(FolderRef.Parse("files:a/c"), MemberRole.TwoWay) }.ToValueList() }, default);
        var member = (await store.LoadGroupStateAsync("g", default)).Members[0].Id;
        var delta = new StateDelta();
        delta.History.Add(new HistoryEntry(1, 1, now.AddDays(-40), HistoryAction.Created, member, "forty"));
        delta.History.Add(new HistoryEntry(2, 1, now.AddDays(-60), HistoryAction.Created, member, "sixty"));
        await store.ApplyAsync("g", delta, default);
        if (stored is not null) await store.SetServiceSettingAsync(Tandem.State.ServiceSettingKeys.HistoryRetentionDays, stored, default);

        using var pruner = new HistoryPruner(store, new ItemHistory(store, TimeProvider.System), ItemHistory.DefaultRetentionDays, TimeProvider.System, NullLogger.Instance);
        await pruner.StartAsync(default);
        // the first prune runs at start; give it time even when nothing is expected to go
        await Task.Delay(500);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int left;
        do
        {
            await Task.Delay(50);
            left = (await store.LoadItemHistoryAsync("g", 1, default)).Count + (await store.LoadItemHistoryAsync("g", 2, default)).Count;
        }
        while (left != kept && clock.Elapsed < TimeSpan.FromSeconds(5));
        await pruner.StopAsync(default);
        Assert.Equal(kept, left);
    }

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
