using Microsoft.AspNetCore.Http;
using Tandem.State;

namespace Tandem.Panel.Security;

/// <summary>
/// Checks a name and password, counts wrong passwords and locks the account after <see cref="SignInPolicy.MaxFailures"/>
/// in a row until <see cref="SignInPolicy.LockOut"/> has passed; every attempt is audited. The message never says
/// whether an unknown name or a wrong password failed.
/// </summary>
public sealed class SignInService(IStateStore store, AuditTrail audit, TimeProvider time, SignInPolicy policy)
{
    private const string Refused = "wrong name or password";

    public async Task<SignInResult> CheckAsync(HttpContext http, string name, string password, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        name = name?.Trim() ?? "";
        var account = name.Length == 0 ? null : await store.GetAdminAsync(name, ct).ConfigureAwait(false);
        if (account is null)
        {
            await audit.RecordAsync(http, "sign-in", name, "failed", "unknown account", actor: "anonymous").ConfigureAwait(false);
            return new SignInResult(false, Refused);
        }
        var now = time.GetUtcNow();
        if (account.LockedUntil is { } until && until > now)
        {
            await audit.RecordAsync(http, "sign-in", name, "refused", "account locked", actor: name).ConfigureAwait(false);
            return new SignInResult(false, $"this account is locked after {policy.MaxFailures} wrong passwords; try again after {until:HH:mm} UTC", LockedUntil: until);
        }
        if (!PasswordHasher.Verify(password ?? "", account.PasswordHash))
        {
            var failures = await store.AddFailedSignInAsync(name, ct).ConfigureAwait(false);
            await audit.RecordAsync(http, "sign-in", name, "failed", $"wrong password ({failures} in a row)", actor: name).ConfigureAwait(false);
            if (failures < policy.MaxFailures) return new SignInResult(false, Refused);
            var lockedUntil = now + policy.LockOut;
            await store.SetLockAsync(name, lockedUntil, ct).ConfigureAwait(false);
            await audit.RecordAsync(http, "lock-out", name, "locked", $"until {lockedUntil:O}", actor: name).ConfigureAwait(false);
            return new SignInResult(false, $"this account is locked after {policy.MaxFailures} wrong passwords; try again after {lockedUntil:HH:mm} UTC", LockedUntil: lockedUntil);
        }
        await store.SetLockAsync(name, null, ct).ConfigureAwait(false);
        await audit.RecordAsync(http, "sign-in", name, "ok", actor: name).ConfigureAwait(false);
        return new SignInResult(true, "signed in", account.Role);
    }
}
