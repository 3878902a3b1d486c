namespace Tandem.Core.Items;

public sealed record Attendee(
    string Email,
    string? Name = null,
    AttendeeRole Role = AttendeeRole.Required,
    ResponseStatus Response = ResponseStatus.None);

/// <summary>
/// A modified occurrence of a recurring event: <see cref="RecurrenceId"/> is the original start of the
/// occurrence; <see cref="Occurrence"/> holds its fields as modified (it has no recurrence of its own).
/// With <see cref="ThisAndFuture"/> the change applies from this occurrence on (RANGE=THISANDFUTURE).
/// </summary>
public sealed record EventException(ItemTime RecurrenceId, Event Occurrence, bool ThisAndFuture = false);

/// <summary>A calendar item: appointment or meeting, single or recurring.</summary>
public sealed record Event : CanonicalItem
{
    public override ItemKind Kind => ItemKind.Event;

    public string? Subject { get; init; }
    public required ItemTime Start { get; init; }
    public ItemTime? End { get; init; }

    /// <summary>Start and End are dates (midnight, End exclusive) when set.</summary>
    public bool IsAllDay { get; init; }
    public string? Location { get; init; }
    public string? Body { get; init; }
    public string? HtmlBody { get; init; }
    public Attendee? Organizer { get; init; }
    public ValueList<Attendee> Attendees { get; init; } = ValueList<Attendee>.Empty;

    /// <summary>Minutes before start; null means no reminder.</summary>
    public int? ReminderMinutesBefore { get; init; }
    public ShowAs ShowAs { get; init; } = ShowAs.Busy;
    public Importance Importance { get; init; } = Importance.Normal;
    public Sensitivity Sensitivity { get; init; } = Sensitivity.Normal;
    public RecurrenceRule? Recurrence { get; init; }

    /// <summary>Explicit extra occurrences (RDATE); Outlook cannot make these but other stores can.</summary>
    public ValueList<ItemTime> RecurrenceDates { get; init; } = ValueList<ItemTime>.Empty;

    /// <summary>Original starts of deleted occurrences (EXDATE).</summary>
    public ValueList<ItemTime> DeletedOccurrences { get; init; } = ValueList<ItemTime>.Empty;
    public ValueList<EventException> Exceptions { get; init; } = ValueList<EventException>.Empty;

    public bool IsPrivate => Sensitivity is Sensitivity.Private or Sensitivity.Confidential;

    public override string Title => string.IsNullOrWhiteSpace(Subject) ? "(no subject)" : Subject!;
}
