using Tandem.Core.Connectors;

namespace Tandem.Core.Sync;

/// <summary>What reading one member gave this cycle: its changes, or why they could not be read.</summary>
public sealed record MemberRead(int MemberId, ChangeSet? Changes, string? Error = null)
{
    public bool Succeeded => Changes is not null && Error is null;
}
