namespace Tandem.State.Admin;

/// <summary>
/// One line of the audit log: who (<see cref="Actor"/>, an account name or "cli"), did what (<see cref="Action"/>, e.g.
/// "sign-in", "group.approve"), to what (<see cref="Target"/>), with which outcome ("ok", "failed", "refused",
/// "locked"), from where (<see cref="Source"/>: the remote address, "api" or "cli"). <see cref="Id"/> is given by the store.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string Outcome, string? Detail = null, string? Source = null)
{
    public long Id { get; init; }
}

/// <summary>Which audit lines to read, newest first.</summary>
public sealed record AuditQuery(int Limit = 200, string? Actor = null, string? Action = null, DateTimeOffset? Since = null);
