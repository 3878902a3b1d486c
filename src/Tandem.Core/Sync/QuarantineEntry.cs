namespace Tandem.Core.Sync;

/// <summary>
/// An item of a member that could not be read; it is left alone (never deleted) until it reads again. Or a write the
/// member's store refused for the item itself, keyed by <see cref="RefusedWrite.Key"/>: not sent again until released.
/// </summary>
public sealed record QuarantineEntry(int MemberId, string RemoteId, string Reason);
