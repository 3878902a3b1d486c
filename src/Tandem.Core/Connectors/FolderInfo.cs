using Tandem.Core.Items;

namespace Tandem.Core.Connectors;

/// <summary>A folder as <c>tandem folders</c> shows it: path from the mailbox root, item type (if known) and count.</summary>
public sealed record FolderInfo(string Mailbox, string Path, ItemKind? Kind, int? ItemCount, string? RemoteId = null);
