namespace Tandem.Core.Sync;

/// <summary>An item of a member that could not be read; it is left alone (never deleted) until it reads again.</summary>
public sealed record QuarantineEntry(int MemberId, string RemoteId, string Reason);
