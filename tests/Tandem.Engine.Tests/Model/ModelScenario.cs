using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine.Tests.Fakes;

namespace Tandem.Engine.Tests.Model;

/// <summary>
/// Runs one scenario of the model-based test (a setup and a list of steps, see <see cref="ModelGenerator"/>) against
/// the real engine and state store over the in-memory connector, with crash injection; then a quiet period, and
/// <see cref="ModelOracle"/> checks the outcome. It records what the oracle needs: every user action with the
/// member's role at the time, the cycles after which the group was verifiably in step (sync points), membership,
/// policy and rule changes. Nothing here draws random numbers except the fault plan's refused writes, which are
/// seeded, so a run (and any subset of its steps) replays exactly.
/// </summary>
internal sealed class ModelScenario
{
    public const string Filter = """{"filter":{"conditions":[{"field":"JobTitle","op":"notEquals","value":"hidden"}]}}""";

    private readonly ModelSetup _setup;
    private readonly IReadOnlyList<ModelStep> _steps;
    private readonly List<string> _log = [];
    private readonly Dictionary<int, int> _offline = [];
    private EngineHarness _h = null!;
    private int _t;

    public ModelScenario(ModelSetup setup, IReadOnlyList<ModelStep> steps, bool count = true)
    {
        _setup = setup;
        _steps = steps;
        _count = count;
    }

    private readonly bool _count;

    /// <summary>Steps that ran (did something), by kind, across all counted scenarios: shows that every scenario kind is exercised.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> StepCounts = new(StringComparer.Ordinal);

    public static string StepSummary() =>
        "steps run: " + string.Join(", ", StepCounts.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"));

    /// <summary>The steps as they ran, with edits and deletions resolved to the item they hit (and no-ops left out).</summary>
    public List<ModelStep> Resolved { get; } = [];

    /// <summary>What the oracle reads.</summary>
    public ModelRecord Record { get; } = new();

    /// <summary>Cycles of all scenarios so far that ended on the converged fast path.</summary>
    public static int FastCycles;

    public static string FolderOf(int member) => $"mem:m{member}/F";

    public async Task RunAsync()
    {
        var members = _setup.Roles.Select((r, i) => (FolderOf(i), r)).ToArray();
        var group = EngineHarness.Define(ItemKind.Contact, members) with
        {
            Conflict = _setup.Policy,
            PriorityMember = _setup.Priority < 0 ? null : FolderRef.Parse(FolderOf(_setup.Priority)),
            MassDeleteThreshold = _setup.Threshold,
        };
        var faults = new FaultPlan { Random = new Random(_setup.Seed ^ 0x5eed), FailWriteProbability = _setup.FailWrites };
        _h = await ModelTimings.TimeAsync("harness create", () => EngineHarness.CreateAsync(group, faults, _setup.CompleteListings));
        for (var i = 0; i < _setup.Roles.Count; i++) Record.Join(i, _setup.Roles[i], 0);
        Record.Policy = _setup.Policy;
        Record.Priority = _setup.Priority;
        Record.PolicyHistory.Add((0, _setup.Policy, _setup.Priority));
        try
        {
            foreach (var step in _steps)
            {
                _t++;
                if (!await ApplyAsync(step)) continue;
                Resolved.Add(Resolve(step));
                if (_count) StepCounts.AddOrUpdate(StepKind(step), 1, (_, n) => n + 1);
            }
            await QuiesceAsync();
            Record.Final = Record.Roles.Keys.ToDictionary(m => m, m => _h.Folder(FolderOf(m)).Items.Select(e => (Contact)e.Item!).ToList());
            Record.Ever = Record.EverMembers.ToDictionary(m => m, m => _h.Folder(FolderOf(m)).Items.Select(e => (Contact)e.Item!).ToList());
        }
        finally
        {
            await ModelTimings.TimeAsync("harness dispose", () => _h.DisposeAsync().AsTask());
        }
    }

    private string StepKind(ModelStep step) => step switch
    {
        CycleStep { CrashAfter: > 0 } => _burst > 1 ? "crash (in a row)" : "crash",
        CycleStep => "cycle",
        OfflineStep { Cycles: > 1 } => "unreachable for cycles",
        _ => step.GetType().Name.Replace("Step", "", StringComparison.Ordinal).ToLowerInvariant(),
    };

    private int _burst;

    private ModelStep? _lastResolved;

    private ModelStep Resolve(ModelStep step) => _lastResolved ?? step;

    public string Story() => string.Join("\n", _log.Select(l => "  " + l));

    public string FinalState() => Record.Final is null ? "" :
        string.Join("\n", Record.Final.OrderBy(m => m.Key).Select(m => $"  m{m.Key} ({Record.Roles[m.Key]}): " +
            string.Join(" ", m.Value.OrderBy(c => c.GivenName, StringComparer.Ordinal).Select(ModelOracle.Show))));

    private bool IsMember(int m) => Record.Roles.ContainsKey(m);

    /// <summary>
    /// Whether the member's copy differs from what the engine last recorded for it (and from the group's version): the
    /// engine then still has to read it as a change, dated by the copy's modification time.
    /// </summary>
    private async Task<bool> HoldsUnreadEditAsync(int m, string remoteId, Contact content)
    {
        var state = await ModelTimings.TimeAsync("unread-edit check", () => _h.Store.LoadGroupStateAsync(EngineHarness.Group, default));
        var member = state.Members.FirstOrDefault(x => x.Folder.ToString() == FolderOf(m));
        var mi = member is null ? null : state.MemberItems.FirstOrDefault(x => x.MemberId == member.Id && x.RemoteId == remoteId);
        if (mi is null) return true;
        var hash = Core.Sync.Hash128.Of(content);
        var logical = state.LogicalItems.FirstOrDefault(l => l.Id == mi.LogicalId);
        return hash != mi.Hash && hash != mi.PendingHash && (logical is null || logical.Tombstone || hash != logical.Hash);
    }

    /// <summary>
    /// Whether the edit turns the copy back into the version an update of ours replaced, while that update's outcome was
    /// never recorded (the process died after sending it): the engine cannot tell this edit from the update never having
    /// reached the store, and takes it as the latter (docs/roles.md, "Crashes").
    /// </summary>
    private async Task<bool> UndoesUnrecordedUpdateAsync(int m, string remoteId, Contact before, Contact edited)
    {
        var state = await ModelTimings.TimeAsync("unread-edit check", () => _h.Store.LoadGroupStateAsync(EngineHarness.Group, default));
        var member = state.Members.FirstOrDefault(x => x.Folder.ToString() == FolderOf(m));
        var mi = member is null ? null : state.MemberItems.FirstOrDefault(x => x.MemberId == member.Id && x.RemoteId == remoteId);
        return mi is { HasPendingUpdate: true } && Core.Sync.Hash128.Of(before) == mi.PendingHash && Core.Sync.Hash128.Of(edited) == mi.Hash;
    }

    private MemoryFolder FolderAt(int m) => _h.Folder(FolderOf(m));

    private List<MemoryFolder.Entry> ItemsOf(int m) =>
        FolderAt(m).Items.Where(e => e.Item is Contact).OrderBy(e => ((Contact)e.Item!).GivenName, StringComparer.Ordinal).ToList();

    /// <summary>Runs one step; false when it did nothing (so the resolved list leaves it out).</summary>
    private async Task<bool> ApplyAsync(ModelStep step)
    {
        _lastResolved = null;
        switch (step)
        {
            case CreateStep c:
                if (!IsMember(c.Member)) return false;
                var contact = new Contact { GivenName = c.Key, Surname = c.Surname, Emails = ValueList<EmailAddress>.Of(new EmailAddress(c.Key.ToLowerInvariant() + "@example.com")) };
                FolderAt(c.Member).Add(contact, _h.Clock.Tick());
                Record.Act(_t, c.Member, c.Key, 'C', contact, null, null);
                _log.Add($"{_t}: create {c.Key} in m{c.Member} {ModelOracle.Show(contact)}");
                return true;
            case CopyStep s:
                if (!IsMember(s.Member) || _cycleStarted || Record.Created(s.Key) is not { } original || FolderAt(s.Member).Items.Any(e => (e.Item as Contact)?.GivenName == s.Key)) return false;
                FolderAt(s.Member).Add(original, _h.Clock.Tick());
                Record.Act(_t, s.Member, s.Key, 'S', original, null, null);
                _log.Add($"{_t}: copy of {s.Key} already in m{s.Member}");
                return true;
            case EditStep e:
                {
                    if (!IsMember(e.Member)) return false;
                    var items = ItemsOf(e.Member);
                    var entry = e.Key is null ? (items.Count == 0 ? null : items[e.Pick % items.Count]) : items.FirstOrDefault(x => ((Contact)x.Item!).GivenName == e.Key);
                    if (entry is null) return false;
                    var edited = ModelOracle.Set((Contact)entry.Item!, e.Field, e.Value);
                    FolderAt(e.Member).Edit(entry.RemoteId, edited, _h.Clock.Tick());
                    // saving an item unchanged is not an edit (the written rules speak of content): it is made, not recorded —
                    // unless the member holds an edit the engine has not taken in yet: the store dates that edit by its last
                    // save, and so does the oracle
                    if (ContentHash.Compute(edited) != ContentHash.Compute((Contact)entry.Item!) || await HoldsUnreadEditAsync(e.Member, entry.RemoteId, edited))
                        Record.Act(_t, e.Member, edited.GivenName!, 'E', edited, e.Field, e.Value);
                    // an update's outcome is left unrecorded only by a crash; the next clean cycle settles every one
                    if (Record.Crashes.Count > 0 && Record.Crashes[^1] > (Record.SyncPoints.Count == 0 ? 0 : Record.SyncPoints[^1].T) &&
                        await UndoesUnrecordedUpdateAsync(e.Member, entry.RemoteId, (Contact)entry.Item!, edited))
                        Record.Exclude(edited.GivenName!, "an edit back to the version an unrecorded update replaced");
                    _lastResolved = e with { Key = edited.GivenName };
                    _log.Add($"{_t}: edit {edited.GivenName} in m{e.Member} ({Record.Roles[e.Member]}): {e.Field}={e.Value} -> {ModelOracle.Show(edited)}");
                    return true;
                }
            case DeleteStep d:
                {
                    if (!IsMember(d.Member)) return false;
                    var items = ItemsOf(d.Member);
                    var entry = d.Key is null ? (items.Count == 0 ? null : items[d.Pick % items.Count]) : items.FirstOrDefault(x => ((Contact)x.Item!).GivenName == d.Key);
                    if (entry is null) return false;
                    var key = ((Contact)entry.Item!).GivenName!;
                    FolderAt(d.Member).Delete(entry.RemoteId);
                    _h.Clock.Tick();
                    Record.Act(_t, d.Member, key, 'D', null, null, null, (Contact)entry.Item!);
                    _lastResolved = d with { Key = key };
                    _log.Add($"{_t}: delete {key} in m{d.Member} ({Record.Roles[d.Member]})");
                    return true;
                }
            case CycleStep cycle:
                await CycleAsync(cycle);
                return true;
            case OfflineStep o:
                if (!IsMember(o.Member)) return false;
                _offline[o.Member] = o.Cycles;
                _log.Add($"{_t}: m{o.Member} unreachable for {o.Cycles} cycle(s)");
                return true;
            case AddMemberStep a:
                if (IsMember(a.Member)) return false;
                await _h.Store.AddMemberAsync(EngineHarness.Group, new MemberDefinition(FolderRef.Parse(FolderOf(a.Member)), a.Role), default);
                Rejoin(a.Member, a.Role);
                _log.Add($"{_t}: add m{a.Member} as {a.Role}");
                return true;
            case RemoveMemberStep r:
                {
                    if (!IsMember(r.Member)) return false;
                    var without = new Dictionary<int, MemberRole>(Record.Roles);
                    without.Remove(r.Member);
                    if (!ValidMembership(without)) return false;
                    await _h.Store.RemoveMemberAsync(EngineHarness.Group, FolderRef.Parse(FolderOf(r.Member)), default);
                    Record.Leave(r.Member, _t);
                    _offline.Remove(r.Member);
                    _log.Add($"{_t}: remove m{r.Member}");
                    return true;
                }
            case ChangeRoleStep rc:
                {
                    if (!IsMember(rc.Member) || Record.Roles[rc.Member] == rc.Role) return false;
                    var changed = new Dictionary<int, MemberRole>(Record.Roles) { [rc.Member] = rc.Role };
                    if (!ValidMembership(changed)) return false;
                    var folder = FolderRef.Parse(FolderOf(rc.Member));
                    await _h.Store.RemoveMemberAsync(EngineHarness.Group, folder, default);
                    Record.Leave(rc.Member, _t);
                    await _h.Store.AddMemberAsync(EngineHarness.Group, new MemberDefinition(folder, rc.Role), default);
                    Rejoin(rc.Member, rc.Role);
                    _log.Add($"{_t}: m{rc.Member} becomes {rc.Role} (removed and re-added)");
                    return true;
                }
            case PolicyStep p:
                {
                    if (p.Policy == ConflictPolicy.Priority && (!IsMember(p.Priority) || !Record.Roles[p.Priority].SendsChanges())) return false;
                    var group = (await _h.Store.GetGroupAsync(EngineHarness.Group, default))!;
                    await _h.Store.UpdateGroupAsync(group with { Conflict = p.Policy, PriorityMember = p.Priority < 0 ? null : FolderRef.Parse(FolderOf(p.Priority)) }, default);
                    Record.Policy = p.Policy;
                    Record.Priority = p.Priority;
                    Record.PolicyChanges.Add(_t);
                    Record.PolicyHistory.Add((_t, p.Policy, p.Priority));
                    _log.Add($"{_t}: {p.Describe()}");
                    return true;
                }
            case RulesStep rs:
                await _h.Store.SetRulesAsync(EngineHarness.Group, rs.Filter ? Filter : null, default);
                Record.RulesChanged = true;
                _log.Add($"{_t}: {rs.Describe()}");
                return true;
            default:
                throw new InvalidOperationException($"unknown step {step}");
        }
    }

    /// <summary>The group needs a sender and a receiver, and under priority the priority member must stay a sender.</summary>
    private bool ValidMembership(Dictionary<int, MemberRole> roles) =>
        roles.Count >= 2 && roles.Values.Any(r => r.SendsChanges()) && roles.Values.Any(r => r.ReceivesChanges()) &&
        (Record.Policy != ConflictPolicy.Priority || roles.TryGetValue(Record.Priority, out var pr) && pr.SendsChanges());

    /// <summary>
    /// A folder joins. If it held copies from an earlier membership, each copy that differs from what the group's
    /// receivers hold (or whose item the group no longer has, unless it is the deleted version unchanged: that deletion
    /// holds) is a decision the written rules do not cover: the oracle leaves those keys out.
    /// </summary>
    private void Rejoin(int member, MemberRole role)
    {
        Record.Join(member, role, _t);
        foreach (var entry in ItemsOf(member))
        {
            var c = (Contact)entry.Item!;
            var others = Record.Roles.Where(m => m.Key != member && m.Value.ReceivesChanges())
                .Select(m => FolderAt(m.Key).Items.Select(e => e.Item as Contact).FirstOrDefault(x => x?.GivenName == c.GivenName)).ToList();
            var same = others.Any(o => o is not null) && others.All(o => o is null || ModelOracle.Hash(o) == ModelOracle.Hash(c));
            // an unchanged copy of an item the group deleted is covered: the deletion holds (docs/roles.md)
            var key = c.GivenName!;
            // "the deleted version" is the copy the deleter removed: an edit made elsewhere before that deletion but not
            // read by then (its member unreachable, then re-added) is not what was deleted (seed 12061532)
            var deletedAsHeld = others.All(o => o is null) && Record.Acts.LastOrDefault(a => a.Key == key && a.BySender) is { Kind: 'D', Deleted: { } deleted } &&
                ModelOracle.Hash(deleted) == ModelOracle.Hash(c) &&
                Record.Acts.LastOrDefault(a => a.Key == key && a.Content is not null && (a.BySender || a.Kind == 'S'))?.Content is { } last && ModelOracle.Hash(last) == ModelOracle.Hash(c);
            if (!same && !deletedAsHeld) Record.Exclude(key, "rejoin");
        }
    }

    private bool _cycleStarted;

    private async Task CycleAsync(CycleStep step)
    {
        _cycleStarted = true;
        _h.Clock.Tick();
        _h.Memory.Offline.Clear();
        foreach (var m in _offline.Where(o => o.Value > 0).Select(o => o.Key).ToList())
        {
            _h.Memory.Offline.Add(FolderOf(m));
            _offline[m]--;
        }
        var refused = _h.Memory.RefusedWrites;
        var offline = _h.Memory.Offline.Count > 0;
        _h.Faults.Enabled = true;
        _h.Faults.CrashAtStep = step.CrashAfter > 0 ? _h.Faults.Steps + step.CrashAfter : 0;
        try
        {
            var report = await ModelTimings.TimeAsync("cycle", () => _h.SyncAsync());
            _burst = 0;
            if (report.FastPath) Interlocked.Increment(ref FastCycles);
            var refusedNow = _h.Memory.RefusedWrites - refused;
            _log.Add($"{_t}: cycle{(offline ? $" ({string.Join(",", _h.Memory.Offline)} unreachable)" : "")}: {Summary(report)}{(refusedNow > 0 ? $" {refusedNow} write(s) refused" : "")}");
            Record.Cycles++;
            if (!report.Paused && !report.HasErrors && refusedNow == 0 && !offline) ModelTimings.Time("sync point", () => { SyncPoint(); return true; });
            if (report.Paused && step.Decision != 0) await DecideAsync(step.Decision == 1);
        }
        catch (SimulatedCrash e)
        {
            _burst++;
            _log.Add($"{_t}: cycle crashed {e.Message}");
            Record.Crashes.Add(_t);
            _h.Faults.CrashAtStep = 0;
            await ModelTimings.TimeAsync("restart", _h.RestartAsync);
        }
        finally
        {
            _h.Faults.CrashAtStep = 0;
        }
    }

    /// <summary>
    /// A clean cycle (no crash, pause, error, refused write or unreachable member) ended: every key on which the
    /// receiving members now agree is in step — every member has seen every change made before it.
    /// </summary>
    private void SyncPoint()
    {
        var receivers = new List<Dictionary<string, Contact>>();
        foreach (var (m, _) in Record.Roles.Where(m => m.Value.ReceivesChanges()))
        {
            var items = ItemsOf(m).Select(e => (Contact)e.Item!).ToList();
            // a duplicate found here is the finding itself (the oracle would report it at the end, if the run got there)
            var dup = items.GroupBy(c => c.GivenName).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw new ModelViolation("duplicate", $"m{m} holds {dup.Count()} copies of {dup.Key} after a clean cycle (step {_t})");
            receivers.Add(items.ToDictionary(c => c.GivenName!, StringComparer.Ordinal));
        }
        var converged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in Record.Keys)
        {
            var copies = receivers.Select(r => r.GetValueOrDefault(key)).ToList();
            if (copies.All(c => c is null) || copies.All(c => c is not null && ModelOracle.Hash(c) == ModelOracle.Hash(copies[0]!))) converged.Add(key);
        }
        Record.SyncPoints.Add((_t, converged));
    }

    private async Task DecideAsync(bool approve)
    {
        _log.Add($"{_t}: " + (approve ? "approve" : "reject"));
        if (approve)
        {
            await _h.Engine.ApproveAsync(EngineHarness.Group, default);
        }
        else
        {
            Record.Rejects.Add(_t);
            await _h.Engine.RejectAsync(EngineHarness.Group, default);
        }
    }

    private async Task QuiesceAsync()
    {
        _t++;
        _h.Faults.Enabled = false;
        _h.Memory.Offline.Clear();
        var decisions = new Random(_setup.Seed ^ 0x0dec1de);
        for (var round = 0; round < 12; round++)
        {
            _h.Clock.Tick();
            var report = await ModelTimings.TimeAsync("quiet cycle", () => _h.SyncAsync());
            _log.Add($"{_t}: quiet cycle: {Summary(report)}");
            if (report.Paused)
            {
                await DecideAsync(decisions.NextDouble() < 0.5);
                continue;
            }
            if (report.TotalWrites == 0) return;
        }
        throw new ModelViolation("unsettled", "did not settle within 12 quiet cycles");
    }

    private static string Summary(CycleReport r) =>
        (r.Paused ? $"PAUSED ({r.PauseReason}) " : "") + (r.FastPath ? "(converged, state not loaded) " : "") +
        string.Join(" ", r.Members.Select(m => $"{m.Member.Replace("mem:", "", StringComparison.Ordinal).Replace("/F", "", StringComparison.Ordinal)}[r{m.Received} c{m.Created} u{m.Updated} d{m.Deleted} x{m.Conflicts}{(m.Error is null ? "" : " err")}]"));
}

internal sealed class ModelViolation : Exception
{
    public ModelViolation(string kind, string message) : base(message) => Kind = kind;

    public ModelViolation(string message) : base(message) => Kind = "violation";

    public ModelViolation() => Kind = "violation";

    public ModelViolation(string message, Exception inner) : base(message, inner) => Kind = "violation";

    /// <summary>The failure class (lost-edit, resurrected, diverged, duplicate, …): shrinking keeps it.</summary>
    public string Kind { get; }
}
