using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Security;

/// <summary>Account rules shared by the panel and <c>tandem init</c> / <c>tandem admin</c>: a name, a long enough password, hashed.</summary>
public static class AdminAccounts
{
    public const int MinimumPasswordLength = 10;

    public static async Task<AdminAccount> AddAsync(IAdminStore store, string name, string password, AdminRole role, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        name = CheckName(name);
        CheckPassword(password);
        var account = new AdminAccount(name, role, PasswordHasher.Hash(password), time.GetUtcNow());
        await store.AddAdminAsync(account, ct).ConfigureAwait(false);
        return account;
    }

    public static async Task SetPasswordAsync(IAdminStore store, string name, string password, AdminRole? role, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        CheckPassword(password);
        var account = await store.GetAdminAsync(name, ct).ConfigureAwait(false) ?? throw new TandemConfigurationException($"no account '{name}'");
        await store.UpdateAdminAsync(name, role ?? account.Role, PasswordHasher.Hash(password), ct).ConfigureAwait(false);
    }

    private static string CheckName(string name)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 64 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new ArgumentException("an account name is 1 to 64 characters without spaces");
        return name;
    }

    private static void CheckPassword(string password)
    {
        if (password is null || password.Length < MinimumPasswordLength)
            throw new ArgumentException($"a password needs at least {MinimumPasswordLength} characters");
    }
}
