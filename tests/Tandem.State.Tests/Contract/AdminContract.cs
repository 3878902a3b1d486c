using Tandem.State.Admin;

namespace Tandem.State.Tests.Contract;

/// <summary>The panel's accounts, API tokens and audit log: what every provider must keep, count and refuse.</summary>
public abstract class AdminContract : StoreContract
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private static AdminAccount Account(string name, AdminRole role = AdminRole.Administrator) => new(name, role, "$argon2id$hash-of-" + name, At);

    [SkippableFact]
    public async Task AddAdmin_SurvivesReopen_AndADuplicateNameIsRefused()
    {
        await using (var store = await OpenStoreAsync())
        {
            await store.AddAdminAsync(Account("alice"), default);
            await store.AddAdminAsync(Account("bob", AdminRole.Viewer), default);
            var e = await Assert.ThrowsAsync<TandemConfigurationException>(() => store.AddAdminAsync(Account("alice", AdminRole.Viewer), default));
            Assert.Contains("alice", e.Message, StringComparison.Ordinal);
        }

        await using var reopened = await OpenStoreAsync();
        var all = await reopened.ListAdminsAsync(default);
        Assert.Equal(["alice", "bob"], all.Select(a => a.Name).ToArray());
        Assert.Equal(AdminRole.Administrator, all[0].Role);
        Assert.Equal(AdminRole.Viewer, all[1].Role);
        Assert.Equal("$argon2id$hash-of-alice", all[0].PasswordHash);
        Assert.Equal(At, all[0].Created);
        Assert.Null(await reopened.GetAdminAsync("carol", default));
    }

    [SkippableFact]
    public async Task FailedSignIns_CountUp_LockHolds_AndUpdateClearsBoth()
    {
        await using var store = await OpenStoreAsync();
        await store.AddAdminAsync(Account("alice"), default);

        Assert.Equal(1, await store.AddFailedSignInAsync("alice", default));
        Assert.Equal(2, await store.AddFailedSignInAsync("alice", default));
        await store.SetLockAsync("alice", At.AddMinutes(15), default);
        var locked = await store.GetAdminAsync("alice", default);
        Assert.Equal(2, locked!.FailedSignIns);
        Assert.Equal(At.AddMinutes(15), locked.LockedUntil);

        await store.UpdateAdminAsync("alice", AdminRole.Operator, "$argon2id$new", default);
        var updated = await store.GetAdminAsync("alice", default);
        Assert.Equal(0, updated!.FailedSignIns);
        Assert.Null(updated.LockedUntil);
        Assert.Equal(AdminRole.Operator, updated.Role);
        Assert.Equal("$argon2id$new", updated.PasswordHash);

        await store.AddFailedSignInAsync("alice", default);
        await store.SetLockAsync("alice", null, default);
        Assert.Equal(0, (await store.GetAdminAsync("alice", default))!.FailedSignIns);
        await Assert.ThrowsAsync<TandemConfigurationException>(() => store.AddFailedSignInAsync("nobody", default));
    }

    [SkippableFact]
    public async Task Tokens_AreFoundById_Touched_Listed_AndGoWithTheirAccount()
    {
        await using var store = await OpenStoreAsync();
        await store.AddAdminAsync(Account("alice"), default);
        await store.AddAdminAsync(Account("bob", AdminRole.Viewer), default);
        await store.AddTokenAsync(new ApiToken("t1", "alice", "backup script", "hash1", At), default);
        await store.AddTokenAsync(new ApiToken("t2", "bob", "monitoring", "hash2", At.AddMinutes(1)), default);
        await Assert.ThrowsAsync<TandemConfigurationException>(() => store.AddTokenAsync(new ApiToken("t3", "nobody", "x", "h", At), default));

        await store.TouchTokenAsync("t1", At.AddHours(1), default);
        var t1 = await store.FindTokenAsync("t1", default);
        Assert.Equal(("alice", "backup script", "hash1", (DateTimeOffset?)At.AddHours(1)), (t1!.Account, t1.Label, t1.SecretHash, t1.LastUsed));
        Assert.Equal(["t1", "t2"], (await store.ListTokensAsync(null, default)).Select(t => t.Id).ToArray());
        Assert.Equal(["t2"], (await store.ListTokensAsync("bob", default)).Select(t => t.Id).ToArray());

        await store.RemoveAdminAsync("bob", default);
        Assert.Null(await store.FindTokenAsync("t2", default));
        Assert.True(await store.RemoveTokenAsync("t1", default));
        Assert.False(await store.RemoveTokenAsync("t1", default));
        Assert.Empty(await store.ListTokensAsync(null, default));
        await Assert.ThrowsAsync<TandemConfigurationException>(() => store.RemoveAdminAsync("bob", default));
    }

    [SkippableFact]
    public async Task Audit_ReadsNewestFirst_FilteredByActorActionAndTime()
    {
        await using (var store = await OpenStoreAsync())
        {
            var first = await store.AppendAuditAsync(new AuditEntry(At, "alice", "sign-in", "alice", "ok", Source: "127.0.0.1"), default);
            var second = await store.AppendAuditAsync(new AuditEntry(At.AddMinutes(1), "bob", "sign-in", "bob", "failed", "wrong password"), default);
            var third = await store.AppendAuditAsync(new AuditEntry(At.AddMinutes(2), "alice", "group.approve", "staff", "ok"), default);
            Assert.True(first < second && second < third);
        }

        await using var reopened = await OpenStoreAsync();
        var all = await reopened.ReadAuditAsync(new AuditQuery(), default);
        Assert.Equal(["group.approve", "sign-in", "sign-in"], all.Select(e => e.Action).ToArray());
        Assert.Equal(("bob", "failed", "wrong password", (string?)null), (all[1].Actor, all[1].Outcome, all[1].Detail, all[1].Source));
        Assert.Equal("127.0.0.1", all[2].Source);
        Assert.Equal(At.AddMinutes(2), all[0].At);

        Assert.Equal(2, (await reopened.ReadAuditAsync(new AuditQuery(Actor: "alice"), default)).Count);
        Assert.Single(await reopened.ReadAuditAsync(new AuditQuery(Action: "group.approve"), default));
        Assert.Equal(2, (await reopened.ReadAuditAsync(new AuditQuery(Since: At.AddMinutes(1)), default)).Count);
        Assert.Single(await reopened.ReadAuditAsync(new AuditQuery(Limit: 1), default));
    }
}
