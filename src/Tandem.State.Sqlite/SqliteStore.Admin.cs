using Microsoft.Data.Sqlite;
using Tandem.State.Admin;
using Tandem.State.Storage;

namespace Tandem.State.Sqlite;

/// <summary>The panel's accounts, API tokens and audit log (<see cref="IAdminStore"/>).</summary>
internal sealed partial class SqliteStore
{
    private const string AccountColumns = "name, role, password_hash, created, failed, locked_until";
    private const string TokenColumns = "id, account, label, secret_hash, created, last_used";

    public Task AddAdminAsync(AdminAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(account.Name);
        return InTransactionAsync(tx =>
        {
            using var exists = Command(tx, "SELECT COUNT(*) FROM admin_accounts WHERE name = $n", ("$n", account.Name));
            if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
                throw new TandemConfigurationException($"account '{account.Name}' already exists");
            using var insert = Command(tx, $"INSERT INTO admin_accounts({AccountColumns}) VALUES ($n, $r, $h, $c, $f, $l)",
                ("$n", account.Name), ("$r", StoreRules.RoleText(account.Role)), ("$h", account.PasswordHash), ("$c", account.Created.ToUnixTimeMilliseconds()),
                ("$f", account.FailedSignIns), ("$l", account.LockedUntil?.ToUnixTimeMilliseconds()));
            insert.ExecuteNonQuery();
        }, cancellationToken);
    }

    public Task<AdminAccount?> GetAdminAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync<AdminAccount?>(tx =>
        {
            using var select = Command(tx, $"SELECT {AccountColumns} FROM admin_accounts WHERE name = $n", ("$n", name));
            using var reader = select.ExecuteReader();
            return reader.Read() ? ReadAccount(reader) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<AdminAccount>> ListAdminsAsync(CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<AdminAccount>>(tx =>
        {
            using var select = Command(tx, $"SELECT {AccountColumns} FROM admin_accounts ORDER BY name");
            using var reader = select.ExecuteReader();
            var accounts = new List<AdminAccount>();
            while (reader.Read()) accounts.Add(ReadAccount(reader));
            return accounts;
        }, cancellationToken);

    public Task RemoveAdminAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            using var tokens = Command(tx, "DELETE FROM api_tokens WHERE account = $n", ("$n", name));
            tokens.ExecuteNonQuery();
            using var delete = Command(tx, "DELETE FROM admin_accounts WHERE name = $n", ("$n", name));
            if (delete.ExecuteNonQuery() == 0) throw StoreRules.UnknownAccount(name);
        }, cancellationToken);

    public Task UpdateAdminAsync(string name, AdminRole role, string passwordHash, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            using var update = Command(tx, "UPDATE admin_accounts SET role = $r, password_hash = $h, failed = 0, locked_until = NULL WHERE name = $n",
                ("$n", name), ("$r", StoreRules.RoleText(role)), ("$h", passwordHash));
            if (update.ExecuteNonQuery() == 0) throw StoreRules.UnknownAccount(name);
        }, cancellationToken);

    public Task<int> AddFailedSignInAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            using var update = Command(tx, "UPDATE admin_accounts SET failed = failed + 1 WHERE name = $n", ("$n", name));
            if (update.ExecuteNonQuery() == 0) throw StoreRules.UnknownAccount(name);
            using var select = Command(tx, "SELECT failed FROM admin_accounts WHERE name = $n", ("$n", name));
            return Convert.ToInt32(select.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    public Task SetLockAsync(string name, DateTimeOffset? until, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            using var update = until is null
                ? Command(tx, "UPDATE admin_accounts SET locked_until = NULL, failed = 0 WHERE name = $n", ("$n", name))
                : Command(tx, "UPDATE admin_accounts SET locked_until = $l WHERE name = $n", ("$n", name), ("$l", until.Value.ToUnixTimeMilliseconds()));
            if (update.ExecuteNonQuery() == 0) throw StoreRules.UnknownAccount(name);
        }, cancellationToken);

    public Task AddTokenAsync(ApiToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return InTransactionAsync(tx =>
        {
            using var exists = Command(tx, "SELECT COUNT(*) FROM admin_accounts WHERE name = $n", ("$n", token.Account));
            if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) throw StoreRules.UnknownAccount(token.Account);
            using var insert = Command(tx, $"INSERT INTO api_tokens({TokenColumns}) VALUES ($i, $a, $l, $h, $c, $u)",
                ("$i", token.Id), ("$a", token.Account), ("$l", token.Label), ("$h", token.SecretHash), ("$c", token.Created.ToUnixTimeMilliseconds()),
                ("$u", token.LastUsed?.ToUnixTimeMilliseconds()));
            insert.ExecuteNonQuery();
        }, cancellationToken);
    }

    public Task<ApiToken?> FindTokenAsync(string id, CancellationToken cancellationToken) =>
        InTransactionAsync<ApiToken?>(tx =>
        {
            using var select = Command(tx, $"SELECT {TokenColumns} FROM api_tokens WHERE id = $i", ("$i", id));
            using var reader = select.ExecuteReader();
            return reader.Read() ? ReadToken(reader) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? account, CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<ApiToken>>(tx =>
        {
            using var select = account is null
                ? Command(tx, $"SELECT {TokenColumns} FROM api_tokens ORDER BY account, created, id")
                : Command(tx, $"SELECT {TokenColumns} FROM api_tokens WHERE account = $a ORDER BY created, id", ("$a", account));
            using var reader = select.ExecuteReader();
            var tokens = new List<ApiToken>();
            while (reader.Read()) tokens.Add(ReadToken(reader));
            return tokens;
        }, cancellationToken);

    public Task TouchTokenAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            using var update = Command(tx, "UPDATE api_tokens SET last_used = $u WHERE id = $i", ("$i", id), ("$u", at.ToUnixTimeMilliseconds()));
            update.ExecuteNonQuery();
        }, cancellationToken);

    public Task<bool> RemoveTokenAsync(string id, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            using var delete = Command(tx, "DELETE FROM api_tokens WHERE id = $i", ("$i", id));
            return delete.ExecuteNonQuery() > 0;
        }, cancellationToken);

    public Task<long> AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return InTransactionAsync(tx =>
        {
            using var insert = Command(tx,
                "INSERT INTO audit_log(at, actor, action, target, outcome, detail, source) VALUES ($at, $ac, $an, $t, $o, $d, $s) RETURNING id",
                ("$at", entry.At.ToUnixTimeMilliseconds()), ("$ac", entry.Actor), ("$an", entry.Action), ("$t", entry.Target), ("$o", entry.Outcome),
                ("$d", entry.Detail), ("$s", entry.Source));
            return Convert.ToInt64(insert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return InTransactionAsync<IReadOnlyList<AuditEntry>>(tx =>
        {
            using var select = Command(tx,
                "SELECT id, at, actor, action, target, outcome, detail, source FROM audit_log " +
                "WHERE ($ac IS NULL OR actor = $ac) AND ($an IS NULL OR action = $an) AND ($s IS NULL OR at >= $s) ORDER BY id DESC LIMIT $l",
                ("$ac", query.Actor), ("$an", query.Action), ("$s", query.Since?.ToUnixTimeMilliseconds()), ("$l", Math.Max(1, query.Limit)));
            using var reader = select.ExecuteReader();
            var entries = new List<AuditEntry>();
            while (reader.Read())
            {
                entries.Add(new AuditEntry(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)) { Id = reader.GetInt64(0) });
            }
            return entries;
        }, cancellationToken);
    }

    private static AdminAccount ReadAccount(SqliteDataReader reader) =>
        new(reader.GetString(0), StoreRules.ParseRole(reader.GetString(1)), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetInt32(4),
            reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));

    private static ApiToken ReadToken(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));

}
