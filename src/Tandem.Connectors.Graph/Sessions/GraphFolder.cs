namespace Tandem.Connectors.Graph.Sessions;

/// <summary>A resolved contact folder: the mailbox (user id or address) and the folder's Graph id.</summary>
internal sealed record GraphFolder(string Mailbox, string FolderId);
