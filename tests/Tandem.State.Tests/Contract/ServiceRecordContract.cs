namespace Tandem.State.Tests.Contract;

/// <summary>Service heartbeats: one row per node, the latest beat replaces the earlier one, and it survives a reopen.</summary>
public abstract class ServiceRecordContract : StoreContract
{
    private static readonly DateTimeOffset Started = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task WriteHeartbeat_ReplacesTheNodesEarlierBeat_AndKeepsOtherNodes()
    {
        await using (var store = await OpenStoreAsync())
        {
            await store.WriteHeartbeatAsync(new ServiceHeartbeat("node-a", 100, Started.AddSeconds(5), Started, "{\"groups\":1}"), default);
            await store.WriteHeartbeatAsync(new ServiceHeartbeat("node-b", 200, Started.AddSeconds(6), Started, "{}"), default);
            await store.WriteHeartbeatAsync(new ServiceHeartbeat("node-a", 101, Started.AddSeconds(10), Started.AddSeconds(9), "{\"groups\":2}"), default);
        }

        await using var reopened = await OpenStoreAsync();
        var beats = await reopened.ReadHeartbeatsAsync(default);

        Assert.Equal(["node-a", "node-b"], beats.Select(b => b.Node).ToArray());
        var a = beats[0];
        Assert.Equal(101, a.ProcessId);
        Assert.Equal(Started.AddSeconds(10), a.At);
        Assert.Equal(Started.AddSeconds(9), a.Started);
        Assert.Equal("{\"groups\":2}", a.StatusJson);
    }

    [SkippableFact]
    public async Task ServiceSetting_IsKeptAcrossAReopen_ReplacedAndRemoved()
    {
        await using (var store = await OpenStoreAsync())
        {
            Assert.Null(await store.GetServiceSettingAsync(ServiceSettingKeys.HistoryRetentionDays, default));
            await store.SetServiceSettingAsync(ServiceSettingKeys.HistoryRetentionDays, "30", default);
            await store.SetServiceSettingAsync("other", "x", default);
            await store.SetServiceSettingAsync(ServiceSettingKeys.HistoryRetentionDays, "45", default);
        }
        await using var reopened = await OpenStoreAsync();
        Assert.Equal("45", await reopened.GetServiceSettingAsync(ServiceSettingKeys.HistoryRetentionDays, default));
        await reopened.SetServiceSettingAsync(ServiceSettingKeys.HistoryRetentionDays, null, default);
        Assert.Null(await reopened.GetServiceSettingAsync(ServiceSettingKeys.HistoryRetentionDays, default));
        Assert.Equal("x", await reopened.GetServiceSettingAsync("other", default));
    }

    [SkippableFact]
    public async Task ReadHeartbeats_WithNoServiceEverRun_IsEmpty()
    {
        await using var store = await OpenStoreAsync();
        Assert.Empty(await store.ReadHeartbeatsAsync(default));
    }
}
