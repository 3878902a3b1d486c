using System.Text;
using Tandem.Core.Items;

namespace Tandem.Formats;

/// <summary>
/// What an administrator should hear about an item that was read although part of it is odd: a property whose name
/// the standard does not allow (KAddressBook's "X-messaging/aim-All") or an ORGANIZER/ATTENDEE naming nobody. Such a
/// property is kept as an extra and written back as it came; the note says so once per item, naming the properties,
/// so the log tells why a file reads differently in a stricter client without a line per property.
/// </summary>
internal static class ReadNotes
{
    private const int MaxNamed = 5;

    /// <summary>The note for <paramref name="item"/>, or null when nothing in it is odd.</summary>
    public static string? Of(CanonicalItem item, string? fileName)
    {
        List<string>? odd = null;
        Collect(item.Extras, ref odd);
        if (item is Event e)
        {
            foreach (var exception in e.Exceptions) Collect(exception.Occurrence.Extras, ref odd);
        }
        if (odd is null) return null;

        var sb = new StringBuilder();
        if (fileName is not null) sb.Append(Path.GetFileName(fileName)).Append(": ");
        sb.Append(item.Title is { Length: > 0 } title ? $"'{title}'" : "an item").Append(" kept as it came: ");
        sb.AppendJoin("; ", odd.Take(MaxNamed));
        if (odd.Count > MaxNamed) sb.Append("; and ").Append(odd.Count - MaxNamed).Append(" more");
        return sb.ToString();
    }

    private static void Collect(ValueList<ExtraProperty> extras, ref List<string>? odd)
    {
        foreach (var extra in extras)
        {
            var reason = Reason(extra);
            if (reason is null) continue;
            odd ??= [];
            if (!odd.Contains(reason, StringComparer.Ordinal)) odd.Add(reason);
        }
    }

    private static string? Reason(ExtraProperty extra)
    {
        var name = extra.Name;
        if (!IsStandardName(name)) return $"{WrittenName(extra)} (a property name the standard does not allow)";
        if (name is "ORGANIZER" or "ATTENDEE") return $"an empty {name}";
        return null;
    }

    private static bool IsStandardName(string name)
    {
        foreach (var c in name)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_')) return false;
        }
        return true;
    }

    /// <summary>The name as the file spells it (the extra's name is upper-cased), without a vCard group.</summary>
    private static string WrittenName(ExtraProperty extra)
    {
        var line = extra.Line.AsSpan();
        var end = line.IndexOfAny(';', ':');
        if (end >= 0) line = line[..end];
        if (line.Length > extra.Name.Length && line[^(extra.Name.Length + 1)] == '.') line = line[^extra.Name.Length..];
        return line.Equals(extra.Name, StringComparison.OrdinalIgnoreCase) ? line.ToString() : extra.Name;
    }
}
