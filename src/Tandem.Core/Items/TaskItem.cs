namespace Tandem.Core.Items;

/// <summary>An Outlook task / iCalendar VTODO. Named TaskItem to stay clear of System.Threading.Tasks.Task.</summary>
public sealed record TaskItem : CanonicalItem
{
    public override ItemKind Kind => ItemKind.Task;

    public string? Subject { get; init; }
    public string? Body { get; init; }
    public ItemTime? Start { get; init; }
    public ItemTime? Due { get; init; }

    /// <summary>When the task was completed (UTC).</summary>
    public DateTime? Completed { get; init; }
    public TaskItemStatus Status { get; init; } = TaskItemStatus.NotStarted;
    public int PercentComplete { get; init; }
    public Importance Priority { get; init; } = Importance.Normal;

    /// <summary>Absolute reminder time (UTC); null means no reminder.</summary>
    public DateTime? ReminderTime { get; init; }
    public RecurrenceRule? Recurrence { get; init; }
    public bool IsPrivate { get; init; }

    public override string Title => string.IsNullOrWhiteSpace(Subject) ? "(no subject)" : Subject!;
}
