namespace Tandem.State.Admin;

/// <summary>
/// The panel's own records: accounts, API tokens and the audit log. Every method is one transaction. Policy (how many
/// failures lock, for how long; how passwords are hashed) is the caller's: the store only counts and records.
/// Unknown accounts throw <see cref="TandemConfigurationException"/>.
/// </summary>
public interface IAdminStore
{
    /// <summary>Adds an account; refused if the name exists.</summary>
    Task AddAdminAsync(AdminAccount account, CancellationToken cancellationToken);

    Task<AdminAccount?> GetAdminAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<AdminAccount>> ListAdminsAsync(CancellationToken cancellationToken);

    /// <summary>Removes an account and its API tokens.</summary>
    Task RemoveAdminAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces the password hash and role, and clears failures and lock-out.</summary>
    Task UpdateAdminAsync(string name, AdminRole role, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Counts one more wrong password and returns the count since the last good sign-in.</summary>
    Task<int> AddFailedSignInAsync(string name, CancellationToken cancellationToken);

    /// <summary>Locks the account until a time, or (null) unlocks it; both clear the failure count when unlocking.</summary>
    Task SetLockAsync(string name, DateTimeOffset? until, CancellationToken cancellationToken);

    Task AddTokenAsync(ApiToken token, CancellationToken cancellationToken);

    /// <summary>The token with this id, or null (the caller compares the secret hash).</summary>
    Task<ApiToken?> FindTokenAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every token, or one account's.</summary>
    Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? account, CancellationToken cancellationToken);

    Task TouchTokenAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Removes a token; false if there was none.</summary>
    Task<bool> RemoveTokenAsync(string id, CancellationToken cancellationToken);

    /// <summary>Appends an audit line and returns its id (increasing).</summary>
    Task<long> AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(AuditQuery query, CancellationToken cancellationToken);
}
