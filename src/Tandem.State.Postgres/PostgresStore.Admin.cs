using Npgsql;
using Tandem.State.Admin;
using Tandem.State.Storage;

namespace Tandem.State.Postgres;

/// <summary>The panel's accounts, API tokens and audit log (<see cref="IAdminStore"/>), as the SQLite provider keeps them.</summary>
internal sealed partial class PostgresStore
{
    private const string AccountColumns = "name, role, password_hash, created, failed, locked_until";
    private const string TokenColumns = "id, account, label, secret_hash, created, last_used";

    public Task AddAdminAsync(AdminAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(account.Name);
        return Unique($"account '{account.Name}' already exists", InTransactionAsync(async (c, tx) =>
        {
            if ((long)(await ScalarAsync(c, tx, "SELECT COUNT(*) FROM admin_accounts WHERE name = @n", cancellationToken, ("n", account.Name)).ConfigureAwait(false))! > 0)
                throw new TandemConfigurationException($"account '{account.Name}' already exists");
            await ExecuteAsync(c, tx, $"INSERT INTO admin_accounts({AccountColumns}) VALUES (@n, @r, @h, @c, @f, @l)", cancellationToken,
                ("n", account.Name), ("r", StoreRules.RoleText(account.Role)), ("h", account.PasswordHash), ("c", account.Created.ToUnixTimeMilliseconds()),
                ("f", account.FailedSignIns), ("l", account.LockedUntil?.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        }, cancellationToken));
    }

    public Task<AdminAccount?> GetAdminAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
            (await ReadAllAsync(Command(c, tx, $"SELECT {AccountColumns} FROM admin_accounts WHERE name = @n", ("n", name)), ReadAccount, cancellationToken).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<AdminAccount>> ListAdminsAsync(CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<AdminAccount>>(async (c, tx) =>
            await ReadAllAsync(Command(c, tx, $"SELECT {AccountColumns} FROM admin_accounts ORDER BY name COLLATE \"C\""), ReadAccount, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task RemoveAdminAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
        {
            await ExecuteAsync(c, tx, "DELETE FROM api_tokens WHERE account = @n", cancellationToken, ("n", name)).ConfigureAwait(false);
            if (await ExecuteAsync(c, tx, "DELETE FROM admin_accounts WHERE name = @n", cancellationToken, ("n", name)).ConfigureAwait(false) == 0) throw StoreRules.UnknownAccount(name);
        }, cancellationToken);

    public Task UpdateAdminAsync(string name, AdminRole role, string passwordHash, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
        {
            if (await ExecuteAsync(c, tx, "UPDATE admin_accounts SET role = @r, password_hash = @h, failed = 0, locked_until = NULL WHERE name = @n", cancellationToken,
                ("n", name), ("r", StoreRules.RoleText(role)), ("h", passwordHash)).ConfigureAwait(false) == 0) throw StoreRules.UnknownAccount(name);
        }, cancellationToken);

    public Task<int> AddFailedSignInAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
            await ScalarAsync(c, tx, "UPDATE admin_accounts SET failed = failed + 1 WHERE name = @n RETURNING failed", cancellationToken, ("n", name)).ConfigureAwait(false) is int failed
                ? failed : throw StoreRules.UnknownAccount(name),
            cancellationToken);

    public Task SetLockAsync(string name, DateTimeOffset? until, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
        {
            var changed = until is null
                ? await ExecuteAsync(c, tx, "UPDATE admin_accounts SET locked_until = NULL, failed = 0 WHERE name = @n", cancellationToken, ("n", name)).ConfigureAwait(false)
                : await ExecuteAsync(c, tx, "UPDATE admin_accounts SET locked_until = @l WHERE name = @n", cancellationToken, ("n", name), ("l", until.Value.ToUnixTimeMilliseconds())).ConfigureAwait(false);
            if (changed == 0) throw StoreRules.UnknownAccount(name);
        }, cancellationToken);

    public Task AddTokenAsync(ApiToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return InTransactionAsync(async (c, tx) =>
        {
            if ((long)(await ScalarAsync(c, tx, "SELECT COUNT(*) FROM admin_accounts WHERE name = @n", cancellationToken, ("n", token.Account)).ConfigureAwait(false))! == 0)
                throw StoreRules.UnknownAccount(token.Account);
            await ExecuteAsync(c, tx, $"INSERT INTO api_tokens({TokenColumns}) VALUES (@i, @a, @l, @h, @c, @u)", cancellationToken,
                ("i", token.Id), ("a", token.Account), ("l", token.Label), ("h", token.SecretHash), ("c", token.Created.ToUnixTimeMilliseconds()),
                ("u", token.LastUsed?.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<ApiToken?> FindTokenAsync(string id, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
            (await ReadAllAsync(Command(c, tx, $"SELECT {TokenColumns} FROM api_tokens WHERE id = @i", ("i", id)), ReadToken, cancellationToken).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? account, CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<ApiToken>>(async (c, tx) => await ReadAllAsync(account is null
            ? Command(c, tx, $"SELECT {TokenColumns} FROM api_tokens ORDER BY account COLLATE \"C\", created, id COLLATE \"C\"")
            : Command(c, tx, $"SELECT {TokenColumns} FROM api_tokens WHERE account = @a ORDER BY created, id COLLATE \"C\"", ("a", account)), ReadToken, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task TouchTokenAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx, "UPDATE api_tokens SET last_used = @u WHERE id = @i", cancellationToken, ("i", id), ("u", at.ToUnixTimeMilliseconds())), cancellationToken);

    public Task<bool> RemoveTokenAsync(string id, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) => await ExecuteAsync(c, tx, "DELETE FROM api_tokens WHERE id = @i", cancellationToken, ("i", id)).ConfigureAwait(false) > 0, cancellationToken);

    public Task<long> AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return InTransactionAsync(async (c, tx) => (long)(await ScalarAsync(c, tx,
            "INSERT INTO audit_log(at, actor, action, target, outcome, detail, source) VALUES (@at, @ac, @an, @t, @o, @d, @s) RETURNING id", cancellationToken,
            ("at", entry.At.ToUnixTimeMilliseconds()), ("ac", entry.Actor), ("an", entry.Action), ("t", entry.Target), ("o", entry.Outcome),
            ("d", entry.Detail), ("s", entry.Source)).ConfigureAwait(false))!, cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return InTransactionAsync<IReadOnlyList<AuditEntry>>(async (c, tx) =>
        {
            var command = Command(c, tx,
                "SELECT id, at, actor, action, target, outcome, detail, source FROM audit_log " +
                "WHERE (@ac::text IS NULL OR actor = @ac) AND (@an::text IS NULL OR action = @an) AND (@s::bigint IS NULL OR at >= @s) ORDER BY id DESC LIMIT @l",
                ("ac", query.Actor), ("an", query.Action), ("s", query.Since?.ToUnixTimeMilliseconds()), ("l", Math.Max(1, query.Limit)));
            return await ReadAllAsync(command, r => new AuditEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4),
                r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)) { Id = r.GetInt64(0) }, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var _ = command;
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var result = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) result.Add(read(reader));
        return result;
    }

    private static AdminAccount ReadAccount(NpgsqlDataReader reader) =>
        new(reader.GetString(0), StoreRules.ParseRole(reader.GetString(1)), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetInt32(4),
            reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));

    private static ApiToken ReadToken(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));

}
