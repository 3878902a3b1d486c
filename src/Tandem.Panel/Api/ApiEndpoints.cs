using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tandem.Panel.Diagnostics;
using Tandem.Panel.Security;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Api;

/// <summary>
/// The REST API under /api: JSON, bearer tokens only (no cookies, so no cross-site request can ride on a session), the
/// same roles as the pages. Reads need viewer; run, approve and reject need operator; the rest administrator.
/// </summary>
internal static class ApiEndpoints
{
    public static string Policy(AdminRole role) => "api-" + PanelRoles.Name(role);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(PanelPaths.Api).WithTags("Tandem");
        var read = api.MapGroup("").RequireAuthorization(Policy(AdminRole.Viewer));
        var operate = api.MapGroup("").RequireAuthorization(Policy(AdminRole.Operator));
        var admin = api.MapGroup("").RequireAuthorization(Policy(AdminRole.Administrator));

        read.MapGet("/overview", (PanelQueries q, CancellationToken ct) => q.OverviewAsync(ct)).WithSummary("status cards and every group");
        read.MapGet("/groups", async (PanelQueries q, CancellationToken ct) => (await q.OverviewAsync(ct).ConfigureAwait(false)).Groups).WithSummary("every group with members, state and counts");
        read.MapGet("/groups/{name}", async Task<IResult> (string name, PanelQueries q, CancellationToken ct) =>
            await q.GroupAsync(name, ct).ConfigureAwait(false) is { } g ? Results.Ok(g) : Results.NotFound(new ApiError($"no group named '{name}'")));
        read.MapGet("/groups/{name}/settings", async Task<IResult> (string name, Groups.GroupEditor e, CancellationToken ct) =>
            await e.GetAsync(name, ct).ConfigureAwait(false) is { } g ? Results.Ok(g) : Results.NotFound(new ApiError($"no group named '{name}'")))
            .WithSummary("a group's item type, conflict policy, deletion threshold, rules (filters and modifications) and members with roles");
        read.MapGet("/nodes", (IStateStore store, TimeProvider time, CancellationToken ct) => Nodes.ReadAsync(store, time, ct))
            .WithSummary("the nodes running the groups, with lease ages (PostgreSQL); on SQLite the single node");
        read.MapGet("/settings", async (HistorySettings h, CancellationToken ct) => new SettingsResponse(await h.GetAsync(ct).ConfigureAwait(false)))
            .WithSummary("service-wide settings: the item history's retention");
        read.MapGet("/approvals", (PanelQueries q, CancellationToken ct) => q.ApprovalsAsync(ct)).WithSummary("groups paused by the mass-deletion guard, with the deletions waiting");
        read.MapGet("/failures", (PanelQueries q, CancellationToken ct) => q.FailuresAsync(ct)).WithSummary("failed and quarantined items grouped by reason");
        read.MapGet("/connections", async (IStateStore store, CancellationToken ct) =>
            (await store.ListConnectionsAsync(ct).ConfigureAwait(false)).Select(c => new { c.Name, c.Type, c.Settings })).WithSummary("connections (settings only; secrets are never returned)");

        operate.MapPost("/groups/{name}/run", (string name, HttpContext http, GroupActions a, CancellationToken ct) => Act(() => a.RunNowAsync(http, name, ct)));
        operate.MapPost("/groups/{name}/approve", (string name, HttpContext http, GroupActions a, CancellationToken ct) => Act(() => a.ApproveAsync(http, name, ct)));
        operate.MapPost("/groups/{name}/reject", (string name, HttpContext http, GroupActions a, CancellationToken ct) => Act(() => a.RejectAsync(http, name, ct)));
        operate.MapGet("/history", (string q, string? group, int? limit, Engine.History.ItemHistory h, CancellationToken ct) => Read(() => h.SearchAsync(q, group, limit ?? 50, ct)))
            .WithSummary("items whose name, e-mail address or subject matches q");
        operate.MapGet("/history/{group}/{id:long}", (string group, long id, Engine.History.ItemHistory h, CancellationToken ct) => Read(() => h.LoadAsync(group, id, ct)))
            .WithSummary("every kept change of one item: origin, field changes, receivers, conflicts");
        operate.MapGet("/groups/{name}/preview", (string name, GroupActions a, CancellationToken ct) => Read(() => a.PreviewAsync(name, ct)))
            .WithSummary("dry run: what a cycle would change in each member, and the mass-deletion guard's verdict");
        operate.MapPost("/groups/{name}/pause", (string name, HttpContext http, GroupActions a, CancellationToken ct) => Act(() => a.PauseAsync(http, name, ct)));
        operate.MapPost("/groups/{name}/resume", (string name, HttpContext http, GroupActions a, CancellationToken ct) => Act(() => a.ResumeAsync(http, name, ct)));
        operate.MapPost("/groups/{name}/retry", (string name, HttpContext http, GroupActions a, CancellationToken ct) => Act(() => a.RetryAsync(http, name, ct)))
            .WithSummary("try the group's quarantined items again");
        operate.MapPost("/connections/{name}/test", (string name, HttpContext http, ConnectionTesting t, CancellationToken ct) => Read(() => t.TestStoredAsync(http, name, ct)))
            .WithSummary("test a connection step by step: Autodiscover, DNS, TCP, TLS, sign-in, impersonation, server version");
        operate.MapGet("/diagnostics/logs", (string? group, string? member, string? level, int? limit, DiagnosticBundle d) =>
            d.RecentLogs(new LogFilter(group, member, level, limit ?? 200))).WithSummary("recent diagnostic log lines, filtered");

        admin.MapPost("/groups", (GroupRequest body, HttpContext http, GroupWizard w, CancellationToken ct) =>
            Act(() => w.CreateAsync(http, body.Name, body.Kind, body.Conflict ?? "newest", string.Join('\n', body.Members), body.Paused == true, ct)))
            .WithSummary("create a group; members as 'CONNECTION:MAILBOX/Folder ROLE'");
        admin.MapPut("/groups/{name}", (string name, Groups.GroupSettingsChange body, HttpContext http, Groups.GroupEditor e, CancellationToken ct) =>
            Act(() => e.UpdateAsync(http, name, body, ct)))
            .WithSummary("change a group's conflict policy, priority member, deletion threshold (percent) or rules (the JSON of 'tandem group rules'); a wrong value names its field");
        admin.MapPost("/groups/{name}/members", (string name, MemberRequest body, HttpContext http, GroupActions a, CancellationToken ct) =>
            Act(() => a.AddMemberAsync(http, name, body.Folder, body.Role ?? "two-way", ct)))
            .WithSummary("add a folder ('CONNECTION:MAILBOX/Folder') to a group with a role: source, target or two-way");
        admin.MapGet("/groups/{name}/members/purge", (string name, string folder, GroupActions a, CancellationToken ct) =>
            Read(() => a.PlanPurgeAsync(name, Core.Groups.FolderRef.Parse(folder), ct)))
            .WithSummary("the copies a purge of one member would delete (nothing is changed)");
        admin.MapDelete("/groups/{name}/members", (string name, string folder, bool? purge, HttpContext http, GroupActions a, CancellationToken ct) =>
            Act(() => a.RemoveAsync(http, name, Core.Groups.FolderRef.Parse(folder), purge == true, ct)))
            .WithSummary("remove a member; purge=true first deletes the copies Tandem made in it (see GET .../members/purge)");
        admin.MapPut("/settings", (SettingsRequest body, HttpContext http, HistorySettings h, CancellationToken ct) =>
            Act(() => h.SetAsync(http, body.HistoryRetentionDays?.ToString(System.Globalization.CultureInfo.InvariantCulture), ct)))
            .WithSummary("set the item history's retention in days (null: the service's --history-days); older entries are removed at once");
        admin.MapPost("/connections", (EwsConnectionInput body, HttpContext http, ConnectionEditor e, CancellationToken ct) => Act(() => e.AddAsync(http, body, ct)))
            .WithSummary("add an Exchange (EWS) connection by Autodiscover or URL; tested first unless noTest; the password is never returned");
        admin.MapPut("/connections/{name}", (string name, EwsConnectionInput body, HttpContext http, ConnectionEditor e, CancellationToken ct) =>
            Act(() => e.UpdateAsync(http, body with { Name = name }, ct)))
            .WithSummary("edit an Exchange (EWS) connection: URL or Autodiscover address, user, password (empty keeps it); tested before it is stored");
        admin.MapGet("/connections/{name}/folders", (string name, string? mailbox, GroupWizard w, CancellationToken ct) => Read(() => w.FoldersAsync(name, mailbox, ct)))
            .WithSummary("a connection's folder tree (public folders included)");
        admin.MapGet("/groups/{name}/purge", (string name, GroupActions a, CancellationToken ct) => Read(() => a.PlanPurgeAsync(name, null, ct)))
            .WithSummary("the copies a purge of the group would delete (nothing is changed)");
        admin.MapDelete("/groups/{name}", (string name, bool? purge, HttpContext http, GroupActions a, CancellationToken ct) => Act(() => a.RemoveAsync(http, name, null, purge == true, ct)))
            .WithSummary("remove a group; purge=true first deletes the copies it made (see GET /api/groups/{name}/purge)");
        admin.MapGet("/audit", (string? actor, string? action, int? limit, IStateStore store, CancellationToken ct) =>
            store.ReadAuditAsync(new AuditQuery(limit ?? 200, actor, action), ct)).WithSummary("the audit log, newest first");
        admin.MapGet("/accounts", async (IStateStore store, CancellationToken ct) =>
            (await store.ListAdminsAsync(ct).ConfigureAwait(false)).Select(a => new { a.Name, Role = PanelRoles.Name(a.Role), a.Created, a.LockedUntil }));
        admin.MapGet("/diagnostics/bundle", async (HttpContext http, DiagnosticBundle d, AuditTrail audit, CancellationToken ct) =>
        {
            var zip = await d.CreateAsync(ct).ConfigureAwait(false);
            await audit.RecordAsync(http, "diagnostics.bundle", "", "ok").ConfigureAwait(false);
            return Results.File(zip, "application/zip", DiagnosticBundle.FileName(d.Now));
        }).WithSummary("a zip of configuration, versions, recent logs, state summary and metrics, secrets redacted");
    }

    private static async Task<IResult> Read<T>(Func<Task<T>> read)
    {
        try
        {
            return Results.Ok(await read().ConfigureAwait(false));
        }
        catch (Exception e) when (e is TandemConfigurationException or ArgumentException or FormatException)
        {
            return Results.BadRequest(new ApiError(e.Message));
        }
    }

    private static async Task<IResult> Act(Func<Task<string>> action)
    {
        try
        {
            return Results.Ok(new ApiMessage(await action().ConfigureAwait(false)));
        }
        catch (Exception e) when (e is TandemConfigurationException or ArgumentException or FormatException)
        {
            return Results.BadRequest(new ApiError(e.Message));
        }
    }
}

/// <summary>A group to create through the API.</summary>
internal sealed record GroupRequest(string Name, string Kind, string? Conflict, IReadOnlyList<string> Members, bool? Paused);

/// <summary>A member to add through the API.</summary>
internal sealed record MemberRequest(string Folder, string? Role);

/// <summary>Service-wide settings to change through the API.</summary>
internal sealed record SettingsRequest(int? HistoryRetentionDays);

internal sealed record SettingsResponse(RetentionView HistoryRetention);

internal sealed record ApiMessage(string Message);

internal sealed record ApiError(string Error);
