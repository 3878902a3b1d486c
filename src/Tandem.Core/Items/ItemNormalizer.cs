namespace Tandem.Core.Items;

/// <summary>
/// Brings an item to the form in which "the same item" compares equal: whitespace trimmed, empty text
/// as null, CRLF as LF, categories de-duplicated and sorted, phones in slot order (stores reorder them), e-mail addresses lower-cased, and the
/// parts that are not content (UID, unknown properties) removed. Server noise such as DTSTAMP, REV or
/// PRODID never reaches the model, so it cannot make two copies differ.
/// </summary>
public static class ItemNormalizer
{
    public static CanonicalItem Normalize(CanonicalItem item) => item switch
    {
        Contact c => Normalize(c),
        Event e => Normalize(e),
        TaskItem t => Normalize(t),
        Note n => Normalize(n),
        Message m => Normalize(m),
        _ => throw new ArgumentOutOfRangeException(nameof(item), item.GetType().Name, "unknown item type"),
    };

    public static Contact Normalize(Contact c) => c with
    {
        Uid = null,
        Extras = ValueList<ExtraProperty>.Empty,
        Categories = Categories(c.Categories),
        NamePrefix = Text(c.NamePrefix),
        GivenName = Text(c.GivenName),
        MiddleName = Text(c.MiddleName),
        Surname = Text(c.Surname),
        NameSuffix = Text(c.NameSuffix),
        DisplayName = Text(c.DisplayName),
        FileAs = Text(c.FileAs),
        Nickname = Text(c.Nickname),
        YomiGivenName = Text(c.YomiGivenName),
        YomiSurname = Text(c.YomiSurname),
        YomiCompanyName = Text(c.YomiCompanyName),
        Emails = c.Emails
            .Where(e => !string.IsNullOrWhiteSpace(e.Address))
            .Select(e => new EmailAddress(e.Address.Trim().ToLowerInvariant(), Text(e.DisplayName)))
            .ToValueList(),
        Phones = c.Phones
            .Where(p => !string.IsNullOrWhiteSpace(p.Number))
            .Select(p => p with { Number = p.Number.Trim() })
            .OrderBy(p => p.Kind)
            .ThenBy(p => p.Number, StringComparer.Ordinal)
            .ToValueList(),
        Addresses = c.Addresses
            .Select(a => new PostalAddress(a.Kind, Text(a.Street), Text(a.City), Text(a.State), Text(a.PostalCode), Text(a.Country), Text(a.PostOfficeBox)))
            .Where(a => a with { Kind = default } != new PostalAddress(default))
            .OrderBy(a => a.Kind)
            .ToValueList(),
        CompanyName = Text(c.CompanyName),
        Department = Text(c.Department),
        OfficeLocation = Text(c.OfficeLocation),
        JobTitle = Text(c.JobTitle),
        Profession = Text(c.Profession),
        Manager = Text(c.Manager),
        AssistantName = Text(c.AssistantName),
        SpouseName = Text(c.SpouseName),
        WebPage = Text(c.WebPage),
        ImAddresses = c.ImAddresses.Select(Text).OfType<string>().ToValueList(),
        Notes = Text(c.Notes),
    };

    public static Event Normalize(Event e) => e with
    {
        Uid = null,
        Extras = ValueList<ExtraProperty>.Empty,
        Categories = Categories(e.Categories),
        Subject = Text(e.Subject),
        Start = Time(e.Start)!,
        End = Time(e.End),
        Location = Text(e.Location),
        Body = Text(e.Body),
        HtmlBody = Text(e.HtmlBody),
        Organizer = e.Organizer is null ? null : Normalize(e.Organizer),
        Attendees = e.Attendees.Select(Normalize).OrderBy(a => a.Email, StringComparer.Ordinal).ToValueList(),
        DeletedOccurrences = e.DeletedOccurrences.Select(t => Time(t)!).Distinct().OrderBy(t => t.Value).ToValueList(),
        RecurrenceDates = e.RecurrenceDates.Select(t => Time(t)!).Distinct().OrderBy(t => t.Value).ToValueList(),
        Exceptions = e.Exceptions
            .Select(x => x with { RecurrenceId = Time(x.RecurrenceId)!, Occurrence = Normalize(x.Occurrence) })
            .OrderBy(x => x.RecurrenceId.Value)
            .ToValueList(),
    };

    public static TaskItem Normalize(TaskItem t) => t with
    {
        Uid = null,
        Extras = ValueList<ExtraProperty>.Empty,
        Categories = Categories(t.Categories),
        Subject = Text(t.Subject),
        Body = Text(t.Body),
        Start = Time(t.Start),
        Due = Time(t.Due),
        Completed = Utc(t.Completed),
        ReminderTime = Utc(t.ReminderTime),
    };

    public static Note Normalize(Note n) => n with
    {
        Uid = null,
        Extras = ValueList<ExtraProperty>.Empty,
        Categories = Categories(n.Categories),
        Subject = Text(n.Subject),
        Body = Text(n.Body),
    };

    /// <summary>
    /// A message is its MIME text; only the line ends are brought to CRLF (RFC 5322's), since a file store may hand
    /// back LF. Its header fields are read from the text, so they follow.
    /// </summary>
    public static Message Normalize(Message m) => m with
    {
        Uid = null,
        Extras = ValueList<ExtraProperty>.Empty,
        Categories = Categories(m.Categories),
        MimeContent = Mail.MimeText.WithCrlf(m.MimeContent),
    };

    /// <summary>
    /// Wall-clock values carry no DateTimeKind meaning (the zone says how to read them), and stores disagree on
    /// the Kind they hand back; left alone, the Kind would reach the JSON and make equal items hash apart.
    /// </summary>
    private static ItemTime? Time(ItemTime? time) =>
        time is null || time.Value.Kind == DateTimeKind.Unspecified ? time : time with { Value = DateTime.SpecifyKind(time.Value, DateTimeKind.Unspecified) };

    /// <summary>Instants are UTC in the model; a reader that returned Unspecified meant UTC too.</summary>
    private static DateTime? Utc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Utc } v => v,
        { Kind: DateTimeKind.Local } v => v.ToUniversalTime(),
        var v => DateTime.SpecifyKind(v.Value, DateTimeKind.Utc),
    };

    private static Attendee Normalize(Attendee a) => a with { Email = a.Email.Trim().ToLowerInvariant(), Name = Text(a.Name) };

    private static ValueList<string> Categories(ValueList<string> categories) => categories.IsEmpty
        ? categories
        : categories
            .Select(c => c.Trim())
            .Where(c => c.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToValueList();

    /// <summary>Trimmed text with LF line ends; null when nothing is left.</summary>
    public static string? Text(string? value)
    {
        if (value is null) return null;
        var trimmed = value.Trim();
        if (trimmed.Length == 0) return null;
        return trimmed.Contains('\r') ? trimmed.Replace("\r\n", "\n").Replace('\r', '\n') : trimmed;
    }
}
