using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Groups;
using Tandem.Engine.Operations;
using Tandem.Engine.Purge;
using Tandem.Panel.Security;
using Tandem.Service.Runtime;
using Tandem.State;

namespace Tandem.Panel;

/// <summary>
/// What the panel and the API change on groups, each audited with its outcome. Approve and reject are the engine's
/// own operations (the CLI's <c>approve</c>/<c>reject</c> run the same); "run now" asks the group's runner in this
/// service for a full cycle.
/// </summary>
public sealed class GroupActions(IServiceProvider services, IStateStore store, AuditTrail audit)
{
    public async Task<string> RunNowAsync(HttpContext http, string group, CancellationToken ct)
    {
        await RequireGroupAsync(group, ct).ConfigureAwait(false);
        var runner = services.GetService<GroupSupervisor>()?.Runner(group);
        if (runner is null)
        {
            await audit.RecordAsync(http, "group.run", group, "failed", "the group's runner has not started yet").ConfigureAwait(false);
            throw new TandemConfigurationException($"group '{group}' is not running in this service yet; try again in a few seconds");
        }
        runner.Reconcile();
        await audit.RecordAsync(http, "group.run", group, "ok").ConfigureAwait(false);
        return $"group '{group}' runs a full cycle now";
    }

    public Task<string> ApproveAsync(HttpContext http, string group, CancellationToken ct) =>
        DecideAsync(http, group, "group.approve", (engine, c) => engine.ApproveAsync(group, c), $"approved: group '{group}' resumes; the deletions go ahead", ct);

    public Task<string> RejectAsync(HttpContext http, string group, CancellationToken ct) =>
        DecideAsync(http, group, "group.reject", (engine, c) => engine.RejectAsync(group, c), $"rejected: group '{group}' resumes; the deleted items are restored", ct);

    /// <summary>"What would this group change?": per member the writes a cycle would make, and the guard's verdict; nothing is written.</summary>
    public Task<GroupPreview> PreviewAsync(string group, CancellationToken ct) => services.GetRequiredService<RunnerContext>().Engine.PreviewAsync(group, ct);

    public Task<string> PauseAsync(HttpContext http, string group, CancellationToken ct) =>
        DecideAsync(http, group, "group.pause", (engine, c) => engine.PauseAsync(group, "paused in the panel by " + AuditTrail.ActorOf(http.User), c), $"group '{group}' paused", ct);

    public Task<string> ResumeAsync(HttpContext http, string group, CancellationToken ct) =>
        DecideAsync(http, group, "group.resume", (engine, c) => engine.ResumeAsync(group, c), $"group '{group}' resumed", ct);

    public async Task<string> RetryAsync(HttpContext http, string group, CancellationToken ct)
    {
        var released = 0;
        var done = await DecideAsync(http, group, "group.retry", async (engine, c) => released = (await engine.RetryAsync(group, null, c).ConfigureAwait(false)).Count, "", ct).ConfigureAwait(false);
        return released == 0 ? $"group '{group}' has no quarantined items" : $"{released} quarantined item(s) of group '{group}' tried again{done}";
    }

    private async Task<string> DecideAsync(HttpContext http, string group, string action, Func<Engine.SyncEngine, CancellationToken, Task> decide, string done, CancellationToken ct)
    {
        var engine = services.GetRequiredService<RunnerContext>().Engine;
        try
        {
            await decide(engine, ct).ConfigureAwait(false);
        }
        catch (TandemConfigurationException e)
        {
            await audit.RecordAsync(http, action, group, "failed", e.Message).ConfigureAwait(false);
            throw;
        }
        await audit.RecordAsync(http, action, group, "ok").ConfigureAwait(false);
        // a decision changes only the state, which the runner does not watch: wake it, so a resumed or approved group runs
        // now rather than at its next notification or poll
        services.GetService<GroupSupervisor>()?.Runner(group)?.Wake();
        return done;
    }

    /// <summary>The copies Tandem made that a purge of the group (or of one member) would delete: shown before anything is deleted.</summary>
    public Task<PurgePlan> PlanPurgeAsync(string group, FolderRef? member, CancellationToken ct) => Purger().PlanAsync(group, member, ct);

    /// <summary>
    /// Removes a group, or one member of it; with <paramref name="purge"/> first deletes the copies it made (planned again
    /// here, so what is deleted is what is there now) — the same <see cref="PurgeRunner"/> as <c>group remove --purge</c>
    /// and <c>member remove --purge</c>. A purge that could not delete everything keeps the group (paused) and says so.
    /// </summary>
    public async Task<string> RemoveAsync(HttpContext http, string group, FolderRef? member, bool purge, CancellationToken ct)
    {
        await RequireGroupAsync(group, ct).ConfigureAwait(false);
        var kind = member is null ? "group" : "member";
        var target = member is null ? group : $"{group}: {member}";
        var what = member is null ? $"group '{group}'" : $"{member} from group '{group}'";
        if (!purge)
        {
            try
            {
                if (member is null) await store.RemoveGroupAsync(group, ct).ConfigureAwait(false);
                else await store.RemoveMemberAsync(group, member, ct).ConfigureAwait(false);
            }
            catch (TandemConfigurationException e)
            {
                await audit.RecordAsync(http, kind + ".remove", target, "failed", e.Message).ConfigureAwait(false);
                throw;
            }
            await audit.RecordAsync(http, kind + ".remove", target, "ok", "copies kept").ConfigureAwait(false);
            return $"removed {what}; the copies it made stay in the folders";
        }
        var runner = Purger();
        var plan = await runner.PlanAsync(group, member, ct).ConfigureAwait(false);
        PurgeResult result;
        try
        {
            result = await runner.RunAsync(plan, ct).ConfigureAwait(false);
        }
        catch (TandemConfigurationException e)
        {
            await audit.RecordAsync(http, kind + ".purge", target, "refused", e.Message).ConfigureAwait(false);
            throw;
        }
        if (!result.Removed)
        {
            await audit.RecordAsync(http, kind + ".purge", target, "failed", $"{result.Deleted} deleted, {result.Failures.Count} failed").ConfigureAwait(false);
            throw new TandemConfigurationException($"{result.Deleted} copies deleted, {result.Failures.Count} failed ({result.Failures[0].Title}: {result.Failures[0].Error}); {what} was kept, its group paused: remove it again to finish");
        }
        await audit.RecordAsync(http, kind + ".purge", target, "ok", $"{result.Deleted} copies deleted, {kind} removed").ConfigureAwait(false);
        // a member removed from a running group restarts its runner (the supervisor sees the new members); wake it anyway
        if (member is not null) services.GetService<GroupSupervisor>()?.Runner(group)?.Wake();
        return $"deleted {result.Deleted} copies and removed {what}";
    }

    /// <summary>Adds a folder to a group with a role, as <c>tandem member add</c> does; the service starts syncing it within seconds.</summary>
    public async Task<string> AddMemberAsync(HttpContext http, string group, string folder, string role, CancellationToken ct)
    {
        var member = new MemberDefinition(FolderRef.Parse((folder ?? "").Trim()), GroupFields.ParseRole(role));
        try
        {
            await store.AddMemberAsync(group, member, ct).ConfigureAwait(false);
        }
        catch (TandemConfigurationException e)
        {
            await audit.RecordAsync(http, "member.add", $"{group}: {member.Folder}", "failed", e.Message).ConfigureAwait(false);
            throw;
        }
        await audit.RecordAsync(http, "member.add", $"{group}: {member.Folder}", "ok", member.Role.ToText()).ConfigureAwait(false);
        return $"added {member.Folder} to group '{group}' as {member.Role.ToText()}";
    }

    private PurgeRunner Purger()
    {
        var context = services.GetRequiredService<RunnerContext>();
        var registry = new Engine.ConnectorRegistry();
        registry.Add(context.Pool);
        return new PurgeRunner(store, registry, context.Time);
    }

    private async Task RequireGroupAsync(string group, CancellationToken ct)
    {
        if (await store.GetGroupAsync(group, ct).ConfigureAwait(false) is null) throw new TandemConfigurationException($"no group named '{group}'");
    }
}
