using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Testing.Items;

/// <summary>
/// The items tests are made of. The small builders give a test only the fields it is about; the Full* ones
/// (SampleItems.Full.cs) set every field the connectors carry, so a field lost anywhere shows up as an inequality.
/// </summary>
public static partial class SampleItems
{
    public static Contact Contact(string given, string? surname = null, string? email = null, string? company = null, string? job = null, params string[] categories) => new()
    {
        GivenName = given,
        Surname = surname,
        CompanyName = company,
        JobTitle = job,
        Emails = email is null ? ValueList<EmailAddress>.Empty : ValueList<EmailAddress>.Of(new EmailAddress(email)),
        Categories = categories.ToValueList(),
    };

    /// <summary>A one-hour UTC meeting on a day of March 2026, with a UID derived from the day.</summary>
    public static Event Meeting(string subject, int day) => new()
    {
        Uid = $"meeting-{day}@example.com",
        Subject = subject,
        Start = ItemTime.FromUtc(new DateTime(2026, 3, day, 9, 0, 0)),
        End = ItemTime.FromUtc(new DateTime(2026, 3, day, 10, 0, 0)),
        Location = "Room 1",
    };

    public static TaskItem Task(string subject) => new() { Subject = subject, Status = TaskItemStatus.NotStarted };

    public static Note Note(string subject) => new() { Subject = subject, Body = subject };

    /// <summary>A small item of <paramref name="kind"/> whose text carries <paramref name="name"/> (to tell items apart).</summary>
    public static CanonicalItem Simple(ItemKind kind, string name) => kind switch
    {
        // With a display name and file-as, as every contact from a client has: Exchange computes them for a contact without.
        ItemKind.Contact => Contact(name, "Sample", name.ToLowerInvariant() + "@example.org") with { DisplayName = name + " Sample", FileAs = "Sample, " + name },
        ItemKind.Event => Meeting(name, 2) with { Uid = "uid-" + name },
        ItemKind.Task => Task(name),
        ItemKind.Note => Note(name),
        ItemKind.Message => Mail(name),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The stamp Tandem puts on what it creates; the intent follows the logical id, as the engine's does.</summary>
    public static ItemStamp Stamp(string logicalId = "logical-1", string group = "group-1") => new(group, logicalId, "intent-" + logicalId);

    public static WriteRequest Create(CanonicalItem item, string logicalId, string group = "group-1") => new(WriteKind.Create, Stamp(logicalId, group), item);
}
