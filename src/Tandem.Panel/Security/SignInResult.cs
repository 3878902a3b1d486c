using Tandem.State.Admin;

namespace Tandem.Panel.Security;

/// <summary>What a sign-in attempt came to; <see cref="Role"/> is set only when it succeeded.</summary>
public sealed record SignInResult(bool Succeeded, string Message, AdminRole? Role = null, DateTimeOffset? LockedUntil = null);
