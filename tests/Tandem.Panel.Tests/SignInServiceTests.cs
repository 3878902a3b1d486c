using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Tandem.Panel.Security;
using Tandem.State;
using Tandem.State.Admin;
using Tandem.State.Sqlite;

namespace Tandem.Panel.Tests;

/// <summary>The lock-out's "for a while", on a test clock: locked after five, still locked a minute before the end, open after.</summary>
public sealed class SignInServiceTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "tandem-signin-" + Guid.NewGuid().ToString("N") + ".db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private IStateStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteStateStore.OpenAsync(_path, _time, default);
        await AdminAccounts.AddAsync(_store, "alice", "the right password", AdminRole.Administrator, _time, default);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm", _path + ".key" }) File.Delete(f);
    }

    [Fact]
    public async Task LockOut_HoldsForItsTime_ThenTheRightPasswordWorksAgain_AndResetsTheCount()
    {
        var policy = new SignInPolicy { MaxFailures = 5, LockOut = TimeSpan.FromMinutes(15) };
        var service = new SignInService(_store, new AuditTrail(_store, _time), _time, policy);
        var http = new DefaultHttpContext();
        for (var i = 0; i < 4; i++) Assert.Null((await service.CheckAsync(http, "alice", "nope", default)).LockedUntil);
        var fifth = await service.CheckAsync(http, "alice", "nope", default);
        Assert.Equal(_time.GetUtcNow().AddMinutes(15), fifth.LockedUntil);

        _time.Advance(TimeSpan.FromMinutes(14));
        Assert.False((await service.CheckAsync(http, "alice", "the right password", default)).Succeeded);
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var open = await service.CheckAsync(http, "alice", "the right password", default);
        Assert.True(open.Succeeded);
        Assert.Equal(AdminRole.Administrator, open.Role);
        Assert.Equal(0, (await _store.GetAdminAsync("alice", default))!.FailedSignIns);

        // the count restarted: four more wrong passwords do not lock
        for (var i = 0; i < 4; i++) await service.CheckAsync(http, "alice", "nope", default);
        Assert.True((await service.CheckAsync(http, "alice", "the right password", default)).Succeeded);
    }
}
