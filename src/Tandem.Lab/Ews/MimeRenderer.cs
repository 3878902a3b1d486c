using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// item:MimeContent as Exchange derives it from the stored properties: iCalendar for calendar items (the series with
/// its RRULE, EXDATEs for deleted occurrences and one VEVENT per exception), vCard for contacts, an RFC 5322 message
/// for everything else. Times are written in UTC.
/// </summary>
internal static class MimeRenderer
{
    private static readonly Dictionary<string, string> Days = new(StringComparer.Ordinal)
    {
        ["Sunday"] = "SU", ["Monday"] = "MO", ["Tuesday"] = "TU", ["Wednesday"] = "WE", ["Thursday"] = "TH", ["Friday"] = "FR", ["Saturday"] = "SA",
        ["Weekday"] = "MO,TU,WE,TH,FR", ["WeekendDay"] = "SA,SU", ["Day"] = "MO,TU,WE,TH,FR,SA,SU",
    };

    private static readonly Dictionary<string, int> Ordinals = new(StringComparer.Ordinal)
    {
        ["First"] = 1, ["Second"] = 2, ["Third"] = 3, ["Fourth"] = 4, ["Last"] = -1,
    };

    public static XElement Render(LabItem item) => MessageMime.Stored(item)
        ?? new(Ns.T + "MimeContent", new XAttribute("CharacterSet", "UTF-8"), Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(item))));

    public static string Text(LabItem item) => item.ElementName switch
    {
        "CalendarItem" => Calendar(item),
        "Contact" => Card(item),
        _ => Message(item),
    };

    private static string Calendar(LabItem item)
    {
        var lines = new List<string> { "BEGIN:VCALENDAR", "METHOD:PUBLISH", "PRODID:-//Tandem lab//EWS//EN", "VERSION:2.0" };
        var uid = item.Text("UID") ?? item.Id;
        lines.AddRange(Event(item, uid, null));
        foreach (var (index, original) in Occurrences.Instances(item).ToList())
        {
            var view = Occurrences.View(item, index, original);
            if (view.Text("CalendarItemType") == "Exception")
            {
                lines.AddRange(Event(view, uid, original));
            }
        }

        lines.Add("END:VCALENDAR");
        return Join(lines);
    }

    private static IEnumerable<string> Event(LabItem item, string uid, DateTimeOffset? recurrenceId)
    {
        yield return "BEGIN:VEVENT";
        yield return "UID:" + Escape(uid);
        if (recurrenceId is { } rid)
        {
            yield return "RECURRENCE-ID:" + Utc(rid);
        }

        yield return "SUMMARY:" + Escape(item.Text("Subject") ?? string.Empty);
        foreach (var (name, property) in new[] { ("Start", "DTSTART"), ("End", "DTEND") })
        {
            if (item.Text(name) is { } t)
            {
                yield return property + ":" + Utc(TypedValues.ParseDateTime(t));
            }
        }

        if (item.Text("Location") is { Length: > 0 } location)
        {
            yield return "LOCATION:" + Escape(location);
        }

        if (Body(item) is { Length: > 0 } body)
        {
            yield return "DESCRIPTION:" + Escape(body);
        }

        if (recurrenceId is null && item.Props.TryGetValue("Recurrence", out var recurrence) && Rule(recurrence) is { } rule)
        {
            yield return "RRULE:" + rule;
            foreach (var deleted in item.Props.GetValueOrDefault("DeletedOccurrences")?.Elements() ?? [])
            {
                yield return "EXDATE:" + Utc(TypedValues.ParseDateTime(deleted.Element(Ns.T + "Start")!.Value));
            }
        }

        yield return "TRANSP:" + (item.Text("LegacyFreeBusyStatus") == "Free" ? "TRANSPARENT" : "OPAQUE");
        yield return "DTSTAMP:" + Utc(item.Modified);
        yield return "END:VEVENT";
    }

    private static string? Rule(XElement recurrence)
    {
        var pattern = recurrence.Elements().First();
        var range = recurrence.Elements().Skip(1).FirstOrDefault();
        string V(string n) => pattern.Element(Ns.T + n)?.Value.Trim() ?? string.Empty;
        var interval = V("Interval") is { Length: > 0 } i ? ";INTERVAL=" + i : string.Empty;
        var days = string.Join(",", V("DaysOfWeek").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(d => Days.GetValueOrDefault(d, string.Empty)));
        var nth = Ordinals.GetValueOrDefault(V("DayOfWeekIndex"), 1).ToString(CultureInfo.InvariantCulture);
        var month = V("Month") is { Length: > 0 } m ? (DateTime.ParseExact(m, "MMMM", CultureInfo.InvariantCulture).Month).ToString(CultureInfo.InvariantCulture) : string.Empty;
        var rule = pattern.Name.LocalName switch
        {
            "DailyRecurrence" => "FREQ=DAILY" + interval,
            "WeeklyRecurrence" => $"FREQ=WEEKLY{interval};BYDAY={days}",
            "AbsoluteMonthlyRecurrence" => $"FREQ=MONTHLY{interval};BYMONTHDAY={V("DayOfMonth")}",
            "RelativeMonthlyRecurrence" => $"FREQ=MONTHLY{interval};BYDAY={string.Join(",", days.Split(',').Select(d => nth + d))}",
            "AbsoluteYearlyRecurrence" => $"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={V("DayOfMonth")}",
            "RelativeYearlyRecurrence" => $"FREQ=YEARLY;BYMONTH={month};BYDAY={string.Join(",", days.Split(',').Select(d => nth + d))}",
            _ => null,
        };
        return rule is null ? null : range?.Name.LocalName switch
        {
            "NumberedRecurrence" => rule + ";COUNT=" + range.Element(Ns.T + "NumberOfOccurrences")!.Value.Trim(),
            "EndDateRecurrence" => rule + ";UNTIL=" + range.Element(Ns.T + "EndDate")!.Value.Trim()[..10].Replace("-", string.Empty, StringComparison.Ordinal) + "T235959Z",
            _ => rule,
        };
    }

    private static string Card(LabItem item)
    {
        string? Entry(string container, string key) =>
            item.Props.GetValueOrDefault(container)?.Elements(Ns.T + "Entry").FirstOrDefault(e => (string?)e.Attribute("Key") == key)?.Value;
        var lines = new List<string>
        {
            "BEGIN:VCARD", "VERSION:3.0",
            "UID:" + item.Id,
            "FN:" + Escape(item.Text("DisplayName") ?? string.Join(" ", new[] { item.Text("GivenName"), item.Text("Surname") }.Where(s => !string.IsNullOrEmpty(s)))),
            "N:" + string.Join(";", new[] { "Surname", "GivenName", "MiddleName", "Title", "Generation" }.Select(n => Escape(item.Text(n) ?? string.Empty))),
        };
        if (item.Text("CompanyName") is { Length: > 0 } company)
        {
            lines.Add("ORG:" + Escape(company) + (item.Text("Department") is { Length: > 0 } d ? ";" + Escape(d) : string.Empty));
        }

        if (item.Text("JobTitle") is { Length: > 0 } title)
        {
            lines.Add("TITLE:" + Escape(title));
        }

        foreach (var key in new[] { "EmailAddress1", "EmailAddress2", "EmailAddress3" })
        {
            if (Entry("EmailAddresses", key) is { Length: > 0 } email)
            {
                lines.Add("EMAIL;TYPE=INTERNET:" + Escape(email));
            }
        }

        foreach (var phone in item.Props.GetValueOrDefault("PhoneNumbers")?.Elements(Ns.T + "Entry") ?? [])
        {
            var key = (string?)phone.Attribute("Key") ?? string.Empty;
            var type = key.StartsWith("Home", StringComparison.Ordinal) ? "HOME" : key.StartsWith("Mobile", StringComparison.Ordinal) ? "CELL" : "WORK";
            lines.Add($"TEL;TYPE={type}:" + Escape(phone.Value));
        }

        foreach (var address in item.Props.GetValueOrDefault("PhysicalAddresses")?.Elements(Ns.T + "Entry") ?? [])
        {
            string P(string n) => Escape(address.Element(Ns.T + n)?.Value ?? string.Empty);
            lines.Add($"ADR;TYPE={((string?)address.Attribute("Key") ?? "Other").ToUpperInvariant()}:;;{P("Street")};{P("City")};{P("State")};{P("PostalCode")};{P("CountryOrRegion")}");
        }

        if (Body(item) is { Length: > 0 } note)
        {
            lines.Add("NOTE:" + Escape(note));
        }

        lines.Add("END:VCARD");
        return Join(lines);
    }

    private static string Message(LabItem item)
    {
        static string Addresses(XElement? list) =>
            string.Join(", ", list?.Descendants(Ns.T + "Mailbox").Select(m => $"\"{m.Element(Ns.T + "Name")?.Value}\" <{m.Element(Ns.T + "EmailAddress")?.Value}>") ?? []);
        var html = (string?)item.Props.GetValueOrDefault("Body")?.Attribute("BodyType") == "HTML";
        var text = new StringBuilder();
        if (Addresses(item.Props.GetValueOrDefault("From")) is { Length: > 0 } from)
        {
            text.Append("From: ").Append(from).Append("\r\n");
        }

        if (Addresses(item.Props.GetValueOrDefault("ToRecipients")) is { Length: > 0 } to)
        {
            text.Append("To: ").Append(to).Append("\r\n");
        }

        text.Append("Subject: ").Append(item.Text("Subject") ?? string.Empty).Append("\r\n")
            .Append("Date: ").Append(item.Created.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/").Append(html ? "html" : "plain").Append("; charset=\"utf-8\"\r\n")
            .Append("Content-Transfer-Encoding: 8bit\r\n\r\n")
            .Append(item.Text("Body") ?? string.Empty);
        return text.ToString();
    }

    private static string? Body(LabItem item) =>
        item.Props.GetValueOrDefault("Body") is { } body
            ? (string?)body.Attribute("BodyType") == "HTML" ? HtmlText.ToText(body.Value) : body.Value
            : null;

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Content lines folded at 75 octets (RFC 5545 / RFC 6350), CRLF-terminated.</summary>
    private static string Join(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            var rest = line;
            var first = true;
            while (Encoding.UTF8.GetByteCount(rest) > (first ? 75 : 74))
            {
                var cut = first ? 75 : 74;
                while (Encoding.UTF8.GetByteCount(rest[..cut]) > (first ? 75 : 74) || char.IsLowSurrogate(rest[cut]))
                {
                    cut--;
                }

                text.Append(first ? string.Empty : " ").Append(rest[..cut]).Append("\r\n");
                rest = rest[cut..];
                first = false;
            }

            text.Append(first ? string.Empty : " ").Append(rest).Append("\r\n");
        }

        return text.ToString();
    }
}
