namespace Tandem.Connectors.Dav.Discovery;

/// <summary>Where a principal's collections live: its calendar home and address-book home (either may be missing).</summary>
internal sealed record DavHomes(Uri Principal, Uri? CalendarHome, Uri? AddressbookHome)
{
    /// <summary>The mailbox part of folder references: the principal's last path segment (alice, user).</summary>
    public string Mailbox => Uri.UnescapeDataString(Principal.AbsolutePath.TrimEnd('/').Split('/')[^1]);
}
