namespace Tandem.Connectors.Ews.Protocol;

/// <summary>
/// Who a request acts for and how it is routed: <see cref="ImpersonatedMailbox"/> becomes the
/// ExchangeImpersonation header (and X-AnchorMailbox, which Exchange Online requires with it);
/// <see cref="PublicFolderMailbox"/> the public-folder routing headers (ews-notes.md §1.1).
/// <see cref="Mailbox"/> keys the per-mailbox concurrency limit.
/// </summary>
internal sealed record EwsCall(
    string? Mailbox,
    string? ImpersonatedMailbox = null,
    string? AnchorMailbox = null,
    string? PublicFolderMailbox = null)
{
    public static readonly EwsCall Default = new((string?)null);
}
