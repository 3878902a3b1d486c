using System.Globalization;
using Tandem.Core.Items;

namespace Tandem.Core.Sync;

/// <summary>
/// Keys that say "this is the same item" across stores, in order of trust: an event's UID; a contact's
/// e-mail address, else full name plus company; a task's or note's subject with its dates; a message's Message-ID.
/// Used only when a member joins holding items, so its copies are matched rather than duplicated.
/// </summary>
public static class IdentityKeys
{
    public static IReadOnlyList<string> For(CanonicalItem item)
    {
        var keys = new List<string>(2);
        switch (item)
        {
            case Event e:
                if (!string.IsNullOrWhiteSpace(e.Uid)) keys.Add("uid:" + e.Uid.Trim());
                keys.Add(Join("event", e.Subject, Time(e.Start)));
                break;
            case Contact c:
                var email = c.Emails.Select(m => m.Address?.Trim().ToLowerInvariant()).FirstOrDefault(a => !string.IsNullOrEmpty(a));
                if (email is not null) keys.Add("email:" + email);
                var name = string.Join(' ', new[] { c.GivenName, c.MiddleName, c.Surname }.Select(ItemNormalizer.Text).OfType<string>());
                if (name.Length == 0) name = ItemNormalizer.Text(c.DisplayName) ?? "";
                if (name.Length > 0) keys.Add(Join("name", name, c.CompanyName));
                break;
            case TaskItem t:
                if (!string.IsNullOrWhiteSpace(t.Uid)) keys.Add("uid:" + t.Uid.Trim());
                keys.Add(Join("task", t.Subject, Time(t.Start), Time(t.Due)));
                break;
            case Note n:
                if (!string.IsNullOrWhiteSpace(n.Uid)) keys.Add("uid:" + n.Uid.Trim());
                keys.Add(Join("note", n.Subject));
                break;
            case Message m:
                // the Message-ID is the message's identity; one without it is known by what its headers say
                if (!string.IsNullOrWhiteSpace(m.MessageId)) keys.Add("msgid:" + m.MessageId.Trim());
                else keys.Add(Join("message", m.Subject, m.From, m.Date?.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)));
                break;
        }
        return keys;
    }

    /// <summary>The unit separator: a control character no key holds (names, subjects and ids are text).</summary>
    private const char Separator = '\u001F';

    /// <summary>An item's keys as one string, kept on its tombstone (null: it has none).</summary>
    public static string? Pack(CanonicalItem item)
    {
        var keys = For(item);
        return keys.Count == 0 ? null : string.Join(Separator, keys);
    }

    /// <summary>The keys <see cref="Pack"/> kept.</summary>
    public static IReadOnlyList<string> Unpack(string? packed) => packed is null ? [] : packed.Split(Separator);

    private static string? Time(ItemTime? time) =>
        time?.Value.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    private static string Join(string prefix, params string?[] parts) =>
        prefix + ":" + string.Join('|', parts.Select(p => ItemNormalizer.Text(p)?.ToLowerInvariant() ?? ""));
}
