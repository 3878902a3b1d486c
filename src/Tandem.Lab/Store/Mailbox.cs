namespace Tandem.Lab.Store;

/// <summary>A user of the lab: credentials, rights and the ids of the distinguished folders of the mailbox.</summary>
internal sealed class Mailbox
{
    public required string Address { get; init; }

    public required string DisplayName { get; init; }

    public required string Password { get; init; }

    /// <summary>Holds the ApplicationImpersonation role.</summary>
    public bool CanImpersonate { get; init; }

    public Dictionary<string, string> Distinguished { get; } = new(StringComparer.Ordinal);
}
