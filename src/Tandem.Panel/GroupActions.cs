using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
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
        return done;
    }

    private async Task RequireGroupAsync(string group, CancellationToken ct)
    {
        if (await store.GetGroupAsync(group, ct).ConfigureAwait(false) is null) throw new TandemConfigurationException($"no group named '{group}'");
    }
}
