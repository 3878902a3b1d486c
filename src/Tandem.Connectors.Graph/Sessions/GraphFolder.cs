using Tandem.Core.Items;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>A resolved folder: the mailbox (user id or address), the Graph id of the contact folder, calendar or To Do list, and what it holds.</summary>
internal sealed record GraphFolder(string Mailbox, string FolderId, ItemKind Kind);
