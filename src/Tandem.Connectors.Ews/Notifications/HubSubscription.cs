using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Notifications;

/// <summary>
/// One folder's streaming subscription inside a <see cref="HubConnection"/>: its id (null while it must be created
/// again), the callback, and whether the callback is owed a catch-up once the stream is back.
/// </summary>
internal sealed partial class HubSubscription(FolderAddress folder, EwsCall call, string mailbox, string name, Action onChange, ILogger log)
{
    private string? _id;
    private int _catchUp;
    private int _active;

    public FolderAddress Folder { get; } = folder;

    /// <summary>How the folder's own requests are routed (impersonation, public-folder headers).</summary>
    public EwsCall Call { get; } = call;

    /// <summary>The mailbox whose budget the subscription counts against (the public-folder mailbox for public folders).</summary>
    public string Mailbox { get; } = mailbox;

    public string Name { get; } = name;

    public string? SubscriptionId
    {
        get => Volatile.Read(ref _id);
        set => Volatile.Write(ref _id, value);
    }

    /// <summary>False while the first Subscribe is under way: the connection's loop leaves it alone until then.</summary>
    public bool Active
    {
        get => Volatile.Read(ref _active) == 1;
        set => Volatile.Write(ref _active, value ? 1 : 0);
    }

    /// <summary>Set after a drop or a new subscription: events may have been missed, the engine must catch up.</summary>
    public void OweCatchUp() => Volatile.Write(ref _catchUp, 1);

    /// <summary>Calls back once if a catch-up is owed.</summary>
    public void PayCatchUp()
    {
        if (Interlocked.Exchange(ref _catchUp, 0) == 1) Notify();
    }

    public void Notify()
    {
        try
        {
            onChange();
        }
        catch (Exception ex)
        {
            // The callback belongs to the engine; its failure must not kill the stream.
            LogCallbackFailed(log, Name, ex.Message);
        }
    }

    [LoggerMessage(EventId = 2403, Level = LogLevel.Warning, Message = "Streaming on {Folder}: change callback failed: {Reason}")]
    private static partial void LogCallbackFailed(ILogger logger, string folder, string reason);
}
