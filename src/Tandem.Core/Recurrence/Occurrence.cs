using Tandem.Core.Items;

namespace Tandem.Core.Recurrence;

/// <summary>
/// One instance of an event. <see cref="RecurrenceId"/> is its original start (what EXDATE and
/// RECURRENCE-ID name); <see cref="Start"/>/<see cref="End"/> are where it actually is after exceptions;
/// <see cref="Item"/> carries its fields (the master's, or the exception's when it was modified).
/// </summary>
public sealed record Occurrence(ItemTime RecurrenceId, ItemTime Start, ItemTime? End, Event Item, bool IsException);
