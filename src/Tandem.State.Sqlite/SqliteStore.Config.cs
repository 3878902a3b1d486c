using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using Tandem.State.Storage;
using static Tandem.State.Storage.StoreRules;

namespace Tandem.State.Sqlite;

internal sealed partial class SqliteStore
{
    public Task AddConnectionAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        ValidateName(connection.Name, "connection");
        if (string.IsNullOrWhiteSpace(connection.Type)) throw new TandemConfigurationException($"connection '{connection.Name}' has no type");
        return InTransactionAsync(tx =>
        {
            if (ConnectionExists(tx, connection.Name)) throw new TandemConfigurationException($"connection '{connection.Name}' already exists");
            using var insert = Command(tx, "INSERT INTO connections(name, type, settings, secrets) VALUES ($n, $t, $s, $k)",
                ("$n", connection.Name), ("$t", connection.Type), ("$s", JsonSerializer.Serialize(connection.Settings)),
                ("$k", secrets.Count == 0 ? null : _secrets.Protect(connection.Name, secrets)));
            insert.ExecuteNonQuery();
        }, cancellationToken);
    }

    public Task UpdateConnectionAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string>? secrets, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            if (!ConnectionExists(tx, connection.Name)) throw new TandemConfigurationException($"unknown connection '{connection.Name}'");
            using var update = secrets is null
                ? Command(tx, "UPDATE connections SET type = $t, settings = $s WHERE name = $n",
                    ("$n", connection.Name), ("$t", connection.Type), ("$s", JsonSerializer.Serialize(connection.Settings)))
                : Command(tx, "UPDATE connections SET type = $t, settings = $s, secrets = $k WHERE name = $n",
                    ("$n", connection.Name), ("$t", connection.Type), ("$s", JsonSerializer.Serialize(connection.Settings)),
                    ("$k", secrets.Count == 0 ? null : _secrets.Protect(connection.Name, secrets)));
            update.ExecuteNonQuery();
            // new settings may point at another server or mailbox; connections change rarely, so every group starts over
            using var invalidate = Command(tx, "UPDATE groups SET converged = 0, version = version + 1");
            invalidate.ExecuteNonQuery();
        }, cancellationToken);

    public Task RemoveConnectionAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            if (!ConnectionExists(tx, name)) throw new TandemConfigurationException($"unknown connection '{name}'");
            using (var users = Command(tx, "SELECT g.name, m.folder FROM members m JOIN groups g ON g.id = m.group_id"))
            using (var reader = users.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (string.Equals(FolderRef.Parse(reader.GetString(1)).Connection, name, StringComparison.Ordinal))
                        throw new TandemConfigurationException($"connection '{name}' is used by group '{reader.GetString(0)}' (member {reader.GetString(1)}); remove the member first");
                }
            }
            using var delete = Command(tx, "DELETE FROM connections WHERE name = $n", ("$n", name));
            delete.ExecuteNonQuery();
        }, cancellationToken);

    public Task<ConnectionDefinition?> GetConnectionAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(tx => ReadConnections(tx, name).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<ConnectionDefinition>> ListConnectionsAsync(CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<ConnectionDefinition>>(tx => ReadConnections(tx, null), cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> GetSecretsAsync(string connection, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            using var select = Command(tx, "SELECT secrets FROM connections WHERE name = $n", ("$n", connection));
            using var reader = select.ExecuteReader();
            if (!reader.Read()) throw new TandemConfigurationException($"unknown connection '{connection}'");
            if (reader.IsDBNull(0)) return (IReadOnlyDictionary<string, string>)new Dictionary<string, string>();
            return _secrets.Unprotect(connection, (byte[])reader.GetValue(0));
        }, cancellationToken);

    public Task AddGroupAsync(GroupDefinition group, CancellationToken cancellationToken)
    {
        ValidateName(group.Name, "group");
        ValidateSettings(group);
        CheckPriority(group);
        return InTransactionAsync(tx =>
        {
            if (FindGroupId(tx, group.Name) is not null) throw new TandemConfigurationException($"group '{group.Name}' already exists");
            using (var insert = Command(tx,
                "INSERT INTO groups(name, uid, kind, conflict, priority, threshold, rules) VALUES ($n, $u, $k, $c, $p, $t, $r)",
                ("$n", group.Name), ("$u", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))), ("$k", group.Kind.ToString()),
                ("$c", group.Conflict.ToString()), ("$p", group.PriorityMember?.ToString()), ("$t", group.MassDeleteThreshold), ("$r", group.RulesJson)))
            {
                insert.ExecuteNonQuery();
            }
            var id = FindGroupId(tx, group.Name)!.Value;
            foreach (var member in group.Members) InsertMember(tx, id, group.Name, member);
        }, cancellationToken);
    }

    public Task UpdateGroupAsync(GroupDefinition group, CancellationToken cancellationToken)
    {
        ValidateSettings(group);
        CheckPriority(group);
        return InTransactionAsync(tx =>
        {
            var id = RequireGroup(tx, group.Name);
            RereadOnRulesChange(tx, id, group.Name, group.RulesJson);
            using (var update = Command(tx, "UPDATE groups SET conflict = $c, priority = $p, threshold = $t, rules = $r WHERE id = $id",
                ("$id", id), ("$c", group.Conflict.ToString()), ("$p", group.PriorityMember?.ToString()), ("$t", group.MassDeleteThreshold), ("$r", group.RulesJson)))
            {
                update.ExecuteNonQuery();
            }
            Unsettle(tx, id);
        }, cancellationToken);
    }

    public Task RemoveGroupAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            var id = RequireGroup(tx, name);
            using (var items = Command(tx, "DELETE FROM member_items WHERE member_id IN (SELECT id FROM members WHERE group_id = $g)", ("$g", id))) items.ExecuteNonQuery();
            using (var q = Command(tx, "DELETE FROM quarantine WHERE member_id IN (SELECT id FROM members WHERE group_id = $g)", ("$g", id))) q.ExecuteNonQuery();
            using (var logical = Command(tx, "DELETE FROM logical_items WHERE key >= $lo AND key < $hi", ("$lo", id << Migrations.LogicalIdBits), ("$hi", (id + 1) << Migrations.LogicalIdBits))) logical.ExecuteNonQuery();
            using (var snapshots = Command(tx, "DELETE FROM logical_snapshots WHERE key >= $lo AND key < $hi", ("$lo", id << Migrations.LogicalIdBits), ("$hi", (id + 1) << Migrations.LogicalIdBits))) snapshots.ExecuteNonQuery();
            using (var history = Command(tx, "DELETE FROM snapshot_history WHERE key >= $lo AND key < $hi", ("$lo", id << Migrations.LogicalIdBits), ("$hi", (id + 1) << Migrations.LogicalIdBits))) history.ExecuteNonQuery();
            using (var lines = Command(tx, "DELETE FROM item_history WHERE group_id = $g", ("$g", id))) lines.ExecuteNonQuery();
            using (var members = Command(tx, "DELETE FROM members WHERE group_id = $g", ("$g", id))) members.ExecuteNonQuery();
            using var group = Command(tx, "DELETE FROM groups WHERE id = $g", ("$g", id));
            group.ExecuteNonQuery();
        }, cancellationToken);

    public Task<GroupDefinition?> GetGroupAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(tx => ReadGroups(tx, name).Select(g => g.Definition).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<GroupDefinition>> ListGroupsAsync(CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<GroupDefinition>>(tx => ReadGroups(tx, null).Select(g => g.Definition).ToList(), cancellationToken);

    public Task AddMemberAsync(string group, MemberDefinition member, CancellationToken cancellationToken) =>
        InTransactionAsync(tx => InsertMember(tx, RequireGroup(tx, group), group, member), cancellationToken);

    public Task RemoveMemberAsync(string group, FolderRef folder, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            var id = RequireGroup(tx, group);
            using var find = Command(tx, "SELECT id FROM members WHERE group_id = $g AND folder = $f", ("$g", id), ("$f", folder.ToString()));
            if (find.ExecuteScalar() is not long memberId) throw new TandemConfigurationException($"{folder} is not a member of group '{group}'");
            using (var items = Command(tx, "DELETE FROM member_items WHERE member_id = $m", ("$m", memberId))) items.ExecuteNonQuery();
            using (var q = Command(tx, "DELETE FROM quarantine WHERE member_id = $m", ("$m", memberId))) q.ExecuteNonQuery();
            using var delete = Command(tx, "DELETE FROM members WHERE id = $m", ("$m", memberId));
            delete.ExecuteNonQuery();
            Unsettle(tx, id);
        }, cancellationToken);

    public Task SetRulesAsync(string group, string? rulesJson, CancellationToken cancellationToken)
    {
        var normalized = StoreRules.NormalizeRules(group, rulesJson);
        return InTransactionAsync(tx =>
        {
            var id = RequireGroup(tx, group);
            RereadOnRulesChange(tx, id, group, normalized);
            using var update = Command(tx, "UPDATE groups SET rules = $r WHERE id = $id", ("$id", id), ("$r", normalized));
            update.ExecuteNonQuery();
            Unsettle(tx, id);
        }, cancellationToken);
    }

    /// <summary>Before new rules are stored: when they differ from the old ones, every member's token is dropped (<see cref="StoreRules.RulesDiffer"/>).</summary>
    private void RereadOnRulesChange(SqliteTransaction tx, long groupId, string groupName, string? rules)
    {
        if (!StoreRules.RulesDiffer(groupName, StoredRules(tx, groupId), rules)) return;
        using var reread = Command(tx, "UPDATE members SET token = NULL WHERE group_id = $g", ("$g", groupId));
        reread.ExecuteNonQuery();
    }

    /// <summary>A step's tokens, or none when the rules they were read under have changed since (<see cref="StateDelta.TokensPlannedWith"/>).</summary>
    private IReadOnlyDictionary<int, string?> TokensStillPlanned(SqliteTransaction tx, long groupId, string groupName, StateDelta delta) =>
        delta.Tokens.Count == 0 || delta.TokensPlannedWith is not { } planned || !StoreRules.RulesDiffer(groupName, StoredRules(tx, groupId), planned.Json)
            ? delta.Tokens
            : new Dictionary<int, string?>();

    private string? StoredRules(SqliteTransaction tx, long groupId)
    {
        using var current = Command(tx, "SELECT rules FROM groups WHERE id = $id", ("$id", groupId));
        return current.ExecuteScalar() as string;
    }

    /// <summary>Clears the group's "converged" record and moves its version on, so a cycle planned before this change cannot set it again.</summary>
    private void Unsettle(SqliteTransaction tx, long groupId)
    {
        using var update = Command(tx, "UPDATE groups SET converged = 0, version = version + 1 WHERE id = $g", ("$g", groupId));
        update.ExecuteNonQuery();
    }


    private void InsertMember(SqliteTransaction tx, long groupId, string groupName, MemberDefinition member)
    {
        if (!ConnectionExists(tx, member.Folder.Connection))
            throw new TandemConfigurationException($"unknown connection '{member.Folder.Connection}' in member {member.Folder}");
        var folder = member.Folder.ToString();
        using (var exists = Command(tx, "SELECT COUNT(*) FROM members WHERE group_id = $g AND folder = $f", ("$g", groupId), ("$f", folder)))
        {
            if ((long)exists.ExecuteScalar()! > 0) throw new TandemConfigurationException($"{folder} is already a member of group '{groupName}'");
        }
        using var insert = Command(tx,
            "INSERT INTO members(group_id, position, folder, role) VALUES ($g, (SELECT COALESCE(MAX(position), 0) + 1 FROM members WHERE group_id = $g), $f, $r)",
            ("$g", groupId), ("$f", folder), ("$r", member.Role.ToText()));
        insert.ExecuteNonQuery();
        Unsettle(tx, groupId);
    }

    private bool ConnectionExists(SqliteTransaction tx, string name)
    {
        using var command = Command(tx, "SELECT COUNT(*) FROM connections WHERE name = $n", ("$n", name));
        return (long)command.ExecuteScalar()! > 0;
    }

    private long? FindGroupId(SqliteTransaction tx, string name)
    {
        using var command = Command(tx, "SELECT id FROM groups WHERE name = $n", ("$n", name));
        return command.ExecuteScalar() as long?;
    }

    private long RequireGroup(SqliteTransaction tx, string name) =>
        FindGroupId(tx, name) ?? throw new TandemConfigurationException($"unknown group '{name}'");

    private List<ConnectionDefinition> ReadConnections(SqliteTransaction tx, string? name)
    {
        using var select = name is null
            ? Command(tx, "SELECT name, type, settings FROM connections ORDER BY name")
            : Command(tx, "SELECT name, type, settings FROM connections WHERE name = $n", ("$n", name));
        using var reader = select.ExecuteReader();
        var result = new List<ConnectionDefinition>();
        while (reader.Read())
        {
            var settings = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2)) ?? [];
            result.Add(new ConnectionDefinition(reader.GetString(0), reader.GetString(1), settings));
        }
        return result;
    }

    private sealed record GroupRow(long Id, string Uid, long NextLogical, string? PauseJson, GroupDefinition Definition, IReadOnlyList<SyncMember> Members, long Version, bool Converged);

    private List<GroupRow> ReadGroups(SqliteTransaction tx, string? name)
    {
        var rows = new List<(long Id, string Uid, long Next, string? Pause, GroupDefinition Def, long Version, bool Converged)>();
        using (var select = name is null
            ? Command(tx, "SELECT id, name, uid, kind, conflict, priority, threshold, rules, next_logical, pause, version, converged FROM groups ORDER BY name")
            : Command(tx, "SELECT id, name, uid, kind, conflict, priority, threshold, rules, next_logical, pause, version, converged FROM groups WHERE name = $n", ("$n", name)))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
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
                    reader.GetInt64(10), reader.GetInt64(11) != 0));
            }
        }
        var result = new List<GroupRow>();
        foreach (var row in rows)
        {
            var members = new List<SyncMember>();
            using var select = Command(tx, "SELECT id, folder, role, token FROM members WHERE group_id = $g ORDER BY position", ("$g", row.Id));
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                MemberRoles.TryParse(reader.GetString(2), out var role);
                members.Add(new SyncMember((int)reader.GetInt64(0), new MemberDefinition(FolderRef.Parse(reader.GetString(1)), role),
                    reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
            var definition = row.Def with { Members = members.Select(m => m.Definition).ToValueList() };
            result.Add(new GroupRow(row.Id, row.Uid, row.Next, row.Pause, definition, members, row.Version, row.Converged));
        }
        return result;
    }
}
