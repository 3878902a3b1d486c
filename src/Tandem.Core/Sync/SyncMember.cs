using Tandem.Core.Groups;

namespace Tandem.Core.Sync;

/// <summary>A member as the engine tracks it: a stable numeric id, its definition and its change token.</summary>
public sealed record SyncMember(int Id, MemberDefinition Definition, string? Token)
{
    public FolderRef Folder => Definition.Folder;

    public MemberRole Role => Definition.Role;
}
