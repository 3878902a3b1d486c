using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using static Tandem.State.Storage.StoreRules;

namespace Tandem.State.Postgres;

internal sealed partial class PostgresStore
{
    public Task AddConnectionAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        ValidateName(connection.Name, "connection");
        if (string.IsNullOrWhiteSpace(connection.Type)) throw new TandemConfigurationException($"connection '{connection.Name}' has no type");
        return Unique($"connection '{connection.Name}' already exists", InTransactionAsync(async (c, tx) =>
        {
            if (await ConnectionExistsAsync(c, tx, connection.Name, cancellationToken).ConfigureAwait(false))
                throw new TandemConfigurationException($"connection '{connection.Name}' already exists");
            await ExecuteAsync(c, tx, "INSERT INTO connections(name, type, settings, secrets) VALUES (@n, @t, @s, @k)", cancellationToken,
                ("n", connection.Name), ("t", connection.Type), ("s", JsonSerializer.Serialize(connection.Settings)),
                ("k", secrets.Count == 0 ? null : _secrets.Protect(connection.Name, secrets))).ConfigureAwait(false);
        }, cancellationToken));
    }

    public Task UpdateConnectionAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string>? secrets, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
        {
            if (!await ConnectionExistsAsync(c, tx, connection.Name, cancellationToken).ConfigureAwait(false))
                throw new TandemConfigurationException($"unknown connection '{connection.Name}'");
            if (secrets is null)
                await ExecuteAsync(c, tx, "UPDATE connections SET type = @t, settings = @s WHERE name = @n", cancellationToken,
                    ("n", connection.Name), ("t", connection.Type), ("s", JsonSerializer.Serialize(connection.Settings))).ConfigureAwait(false);
            else
                await ExecuteAsync(c, tx, "UPDATE connections SET type = @t, settings = @s, secrets = @k WHERE name = @n", cancellationToken,
                    ("n", connection.Name), ("t", connection.Type), ("s", JsonSerializer.Serialize(connection.Settings)),
                    ("k", secrets.Count == 0 ? null : _secrets.Protect(connection.Name, secrets))).ConfigureAwait(false);
            // new settings may point at another server or mailbox; connections change rarely, so every group starts over
            await ExecuteAsync(c, tx, "UPDATE groups SET converged = false, version = version + 1", cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task RemoveConnectionAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
        {
            if (!await ConnectionExistsAsync(c, tx, name, cancellationToken).ConfigureAwait(false)) throw new TandemConfigurationException($"unknown connection '{name}'");
            await using (var users = Command(c, tx, "SELECT g.name, m.folder FROM members m JOIN groups g ON g.id = m.group_id"))
            await using (var reader = await users.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (string.Equals(FolderRef.Parse(reader.GetString(1)).Connection, name, StringComparison.Ordinal))
                        throw new TandemConfigurationException($"connection '{name}' is used by group '{reader.GetString(0)}' (member {reader.GetString(1)}); remove the member first");
                }
            }
            await ExecuteAsync(c, tx, "DELETE FROM connections WHERE name = @n", cancellationToken, ("n", name)).ConfigureAwait(false);
        }, cancellationToken);

    public Task<ConnectionDefinition?> GetConnectionAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(async (c, tx) => (await ReadConnectionsAsync(c, tx, name, cancellationToken).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<ConnectionDefinition>> ListConnectionsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ConnectionDefinition>>(async (c, tx) => await ReadConnectionsAsync(c, tx, null, cancellationToken).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> GetSecretsAsync(string connection, CancellationToken cancellationToken) =>
        ReadAsync(async (c, tx) =>
        {
            await using var select = Command(c, tx, "SELECT secrets FROM connections WHERE name = @n", ("n", connection));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) throw new TandemConfigurationException($"unknown connection '{connection}'");
            if (reader.IsDBNull(0)) return (IReadOnlyDictionary<string, string>)new Dictionary<string, string>();
            return _secrets.Unprotect(connection, reader.GetFieldValue<byte[]>(0));
        }, cancellationToken);

    public Task AddGroupAsync(GroupDefinition group, CancellationToken cancellationToken)
    {
        ValidateName(group.Name, "group");
        ValidateSettings(group);
        CheckPriority(group);
        return Unique($"group '{group.Name}' already exists", InTransactionAsync(async (c, tx) =>
        {
            if (await FindGroupIdAsync(c, tx, group.Name, cancellationToken).ConfigureAwait(false) is not null)
                throw new TandemConfigurationException($"group '{group.Name}' already exists");
            var id = (long)(await ScalarAsync(c, tx,
                "INSERT INTO groups(name, uid, kind, conflict, priority, threshold, rules) VALUES (@n, @u, @k, @c, @p, @t, @r) RETURNING id", cancellationToken,
                ("n", group.Name), ("u", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))), ("k", group.Kind.ToString()),
                ("c", group.Conflict.ToString()), ("p", group.PriorityMember?.ToString()), ("t", group.MassDeleteThreshold), ("r", group.RulesJson)).ConfigureAwait(false))!;
            foreach (var member in group.Members) await InsertMemberAsync(c, tx, id, group.Name, member, cancellationToken).ConfigureAwait(false);
        }, cancellationToken));
    }

    public Task UpdateGroupAsync(GroupDefinition group, CancellationToken cancellationToken)
    {
        ValidateSettings(group);
        CheckPriority(group);
        return InTransactionAsync(async (c, tx) =>
        {
            var id = await RequireGroupAsync(c, tx, group.Name, cancellationToken).ConfigureAwait(false);
            await RereadOnRulesChangeAsync(c, tx, id, group.Name, group.RulesJson, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(c, tx, "UPDATE groups SET conflict = @c, priority = @p, threshold = @t, rules = @r WHERE id = @id", cancellationToken,
                ("id", id), ("c", group.Conflict.ToString()), ("p", group.PriorityMember?.ToString()), ("t", group.MassDeleteThreshold), ("r", group.RulesJson)).ConfigureAwait(false);
            await UnsettleAsync(c, tx, id, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task RemoveGroupAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
        {
            var id = await RequireGroupAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            var (lo, hi) = (id << LogicalIdBits, (id + 1) << LogicalIdBits);
            await ExecuteAsync(c, tx, "DELETE FROM member_items WHERE member_id IN (SELECT id FROM members WHERE group_id = @g)", cancellationToken, ("g", id)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, "DELETE FROM quarantine WHERE member_id IN (SELECT id FROM members WHERE group_id = @g)", cancellationToken, ("g", id)).ConfigureAwait(false);
            foreach (var table in new[] { "logical_items", "logical_snapshots", "snapshot_history" })
                await ExecuteAsync(c, tx, $"DELETE FROM {table} WHERE key >= @lo AND key < @hi", cancellationToken, ("lo", lo), ("hi", hi)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, "DELETE FROM item_history WHERE group_id = @g", cancellationToken, ("g", id)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, "DELETE FROM members WHERE group_id = @g", cancellationToken, ("g", id)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, "DELETE FROM groups WHERE id = @g", cancellationToken, ("g", id)).ConfigureAwait(false);
        }, cancellationToken);

    public Task<GroupDefinition?> GetGroupAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(async (c, tx) => (await ReadGroupsAsync(c, tx, name, cancellationToken).ConfigureAwait(false)).Select(g => g.Definition).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<GroupDefinition>> ListGroupsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<GroupDefinition>>(async (c, tx) => (await ReadGroupsAsync(c, tx, null, cancellationToken).ConfigureAwait(false)).Select(g => g.Definition).ToList(), cancellationToken);

    public Task AddMemberAsync(string group, MemberDefinition member, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
            await InsertMemberAsync(c, tx, await RequireGroupAsync(c, tx, group, cancellationToken).ConfigureAwait(false), group, member, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task RemoveMemberAsync(string group, FolderRef folder, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
        {
            var id = await RequireGroupAsync(c, tx, group, cancellationToken).ConfigureAwait(false);
            if (await ScalarAsync(c, tx, "SELECT id FROM members WHERE group_id = @g AND folder = @f", cancellationToken, ("g", id), ("f", folder.ToString())).ConfigureAwait(false) is not int memberId)
                throw new TandemConfigurationException($"{folder} is not a member of group '{group}'");
            await ExecuteAsync(c, tx, "DELETE FROM member_items WHERE member_id = @m", cancellationToken, ("m", memberId)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, "DELETE FROM quarantine WHERE member_id = @m", cancellationToken, ("m", memberId)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, "DELETE FROM members WHERE id = @m", cancellationToken, ("m", memberId)).ConfigureAwait(false);
            await UnsettleAsync(c, tx, id, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task SetRulesAsync(string group, string? rulesJson, CancellationToken cancellationToken)
    {
        var normalized = NormalizeRules(group, rulesJson);
        return InTransactionAsync(async (c, tx) =>
        {
            var id = await RequireGroupAsync(c, tx, group, cancellationToken).ConfigureAwait(false);
            await RereadOnRulesChangeAsync(c, tx, id, group, normalized, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(c, tx, "UPDATE groups SET rules = @r WHERE id = @id", cancellationToken, ("id", id), ("r", normalized)).ConfigureAwait(false);
            await UnsettleAsync(c, tx, id, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Two nodes adding the same name at once: the loser gets the same message as a plain duplicate.</summary>
    private static async Task Unique(string message, Task work)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new TandemConfigurationException(message, e);
        }
    }

    /// <summary>Before new rules are stored: when they differ from the old ones, every member's token is dropped (<see cref="RulesDiffer"/>).</summary>
    private static async Task RereadOnRulesChangeAsync(NpgsqlConnection c, NpgsqlTransaction tx, long groupId, string groupName, string? rules, CancellationToken ct)
    {
        if (RulesDiffer(groupName, await StoredRulesAsync(c, tx, groupId, ct).ConfigureAwait(false), rules))
            await ExecuteAsync(c, tx, "UPDATE members SET token = NULL WHERE group_id = @g", ct, ("g", groupId)).ConfigureAwait(false);
    }

    /// <summary>A step's tokens, or none when the rules they were read under have changed since (<see cref="StateDelta.TokensPlannedWith"/>).</summary>
    private static async Task<IReadOnlyDictionary<int, string?>> TokensStillPlannedAsync(NpgsqlConnection c, NpgsqlTransaction tx, long groupId, string groupName, StateDelta delta, CancellationToken ct) =>
        delta.Tokens.Count == 0 || delta.TokensPlannedWith is not { } planned || !RulesDiffer(groupName, await StoredRulesAsync(c, tx, groupId, ct).ConfigureAwait(false), planned.Json)
            ? delta.Tokens
            : new Dictionary<int, string?>();

    // FOR UPDATE: a rules change and a step's tokens on the same group take turns
    private static async Task<string?> StoredRulesAsync(NpgsqlConnection c, NpgsqlTransaction tx, long groupId, CancellationToken ct) =>
        await ScalarAsync(c, tx, "SELECT rules FROM groups WHERE id = @id FOR UPDATE", ct, ("id", groupId)).ConfigureAwait(false) as string;

    /// <summary>Clears the group's "converged" record and moves its version on, so a cycle planned before this change cannot set it again.</summary>
    private static Task UnsettleAsync(NpgsqlConnection c, NpgsqlTransaction tx, long groupId, CancellationToken ct) =>
        ExecuteAsync(c, tx, "UPDATE groups SET converged = false, version = version + 1 WHERE id = @g", ct, ("g", groupId));

    private static async Task InsertMemberAsync(NpgsqlConnection c, NpgsqlTransaction tx, long groupId, string groupName, MemberDefinition member, CancellationToken ct)
    {
        if (!await ConnectionExistsAsync(c, tx, member.Folder.Connection, ct).ConfigureAwait(false))
            throw new TandemConfigurationException($"unknown connection '{member.Folder.Connection}' in member {member.Folder}");
        var folder = member.Folder.ToString();
        if ((long)(await ScalarAsync(c, tx, "SELECT COUNT(*) FROM members WHERE group_id = @g AND folder = @f", ct, ("g", groupId), ("f", folder)).ConfigureAwait(false))! > 0)
            throw new TandemConfigurationException($"{folder} is already a member of group '{groupName}'");
        await ExecuteAsync(c, tx,
            "INSERT INTO members(group_id, position, folder, role) VALUES (@g, (SELECT COALESCE(MAX(position), 0) + 1 FROM members WHERE group_id = @g), @f, @r)", ct,
            ("g", groupId), ("f", folder), ("r", member.Role.ToText())).ConfigureAwait(false);
        await UnsettleAsync(c, tx, groupId, ct).ConfigureAwait(false);
    }

    private static async Task<bool> ConnectionExistsAsync(NpgsqlConnection c, NpgsqlTransaction tx, string name, CancellationToken ct) =>
        (long)(await ScalarAsync(c, tx, "SELECT COUNT(*) FROM connections WHERE name = @n", ct, ("n", name)).ConfigureAwait(false))! > 0;

    private static async Task<long?> FindGroupIdAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string name, CancellationToken ct, bool forUpdate = false) =>
        await ScalarAsync(c, tx, "SELECT id FROM groups WHERE name = @n" + (forUpdate ? " FOR UPDATE" : ""), ct, ("n", name)).ConfigureAwait(false) as long?;

    private static async Task<long> RequireGroupAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string name, CancellationToken ct, bool forUpdate = false) =>
        await FindGroupIdAsync(c, tx, name, ct, forUpdate).ConfigureAwait(false) ?? throw new TandemConfigurationException($"unknown group '{name}'");

    private static async Task<List<ConnectionDefinition>> ReadConnectionsAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string? name, CancellationToken ct)
    {
        await using var select = name is null
            ? Command(c, tx, "SELECT name, type, settings FROM connections ORDER BY name COLLATE \"C\"")
            : Command(c, tx, "SELECT name, type, settings FROM connections WHERE name = @n", ("n", name));
        await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var result = new List<ConnectionDefinition>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var settings = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2)) ?? [];
            result.Add(new ConnectionDefinition(reader.GetString(0), reader.GetString(1), settings));
        }
        return result;
    }

    private sealed record GroupRow(long Id, string Uid, long NextLogical, string? PauseJson, GroupDefinition Definition, IReadOnlyList<SyncMember> Members, long Version, bool Converged);

    /// <summary>The groups (one or all) and their members, in one round trip: two statements sent together.</summary>
    private static async Task<List<GroupRow>> ReadGroupsAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string? name, CancellationToken ct)
    {
        const string Columns = "SELECT id, name, uid, kind, conflict, priority, threshold, rules, next_logical, pause, version, converged FROM groups";
        await using var batch = new NpgsqlBatch(c, tx);
        var groups = new NpgsqlBatchCommand(name is null ? Columns + " ORDER BY name COLLATE \"C\"" : Columns + " WHERE name = $1");
        var members = new NpgsqlBatchCommand(name is null
            ? "SELECT group_id, id, folder, role, token FROM members ORDER BY group_id, position"
            : "SELECT m.group_id, m.id, m.folder, m.role, m.token FROM members m JOIN groups g ON g.id = m.group_id WHERE g.name = $1 ORDER BY m.position");
        if (name is not null)
        {
            groups.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            members.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }
        batch.BatchCommands.Add(groups);
        batch.BatchCommands.Add(members);
        var rows = new List<(long Id, string Uid, long Next, string? Pause, GroupDefinition Def, long Version, bool Converged)>();
        var byGroup = new Dictionary<long, List<SyncMember>>();
        await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var definition = new GroupDefinition
                {
                    Name = reader.GetString(1),
                    Kind = Enum.Parse<ItemKind>(reader.GetString(3)),
                    Conflict = Enum.Parse<ConflictPolicy>(reader.GetString(4)),
                    PriorityMember = reader.IsDBNull(5) ? null : FolderRef.Parse(reader.GetString(5)),
                    MassDeleteThreshold = reader.GetDouble(6),
                    RulesJson = reader.IsDBNull(7) ? null : reader.GetString(7),
                };
                rows.Add((reader.GetInt64(0), reader.GetString(2), reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetString(9), definition,
                    reader.GetInt64(10), reader.GetBoolean(11)));
            }
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                MemberRoles.TryParse(reader.GetString(3), out var role);
                var groupId = reader.GetInt64(0);
                if (!byGroup.TryGetValue(groupId, out var list)) byGroup[groupId] = list = [];
                list.Add(new SyncMember(reader.GetInt32(1), new MemberDefinition(FolderRef.Parse(reader.GetString(2)), role), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }
        var result = new List<GroupRow>(rows.Count);
        foreach (var row in rows)
        {
            var list = byGroup.TryGetValue(row.Id, out var m) ? m : [];
            var definition = row.Def with { Members = list.Select(x => x.Definition).ToValueList() };
            result.Add(new GroupRow(row.Id, row.Uid, row.Next, row.Pause, definition, list, row.Version, row.Converged));
        }
        return result;
    }
}
