namespace Tandem.State.Admin;

/// <summary>
/// A bearer token a script uses instead of a session: it acts as <see cref="Account"/> with that account's role.
/// Only <see cref="SecretHash"/> is stored (a hash of the token's secret part); the token itself is shown once.
/// </summary>
public sealed record ApiToken(string Id, string Account, string Label, string SecretHash, DateTimeOffset Created, DateTimeOffset? LastUsed = null);
