using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>Everything a folder session's parts need: the client, the folder, how calls are routed, batch sizes.</summary>
internal sealed record FolderContext(
    EwsClient Client,
    FolderAddress Folder,
    ItemKind Kind,
    EwsCall Call,
    bool IsPublic,
    int BatchSize,
    string DeleteType,
    TimeProvider Time,
    ContactPhotos? Photos = null);
