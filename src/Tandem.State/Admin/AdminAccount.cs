namespace Tandem.State.Admin;

/// <summary>
/// A person who signs in to the panel. <see cref="PasswordHash"/> is an encoded memory-hard hash (never the password);
/// <see cref="FailedSignIns"/> counts wrong passwords since the last good one, and <see cref="LockedUntil"/> refuses
/// sign-ins until then.
/// </summary>
public sealed record AdminAccount(string Name, AdminRole Role, string PasswordHash, DateTimeOffset Created, int FailedSignIns = 0, DateTimeOffset? LockedUntil = null);
