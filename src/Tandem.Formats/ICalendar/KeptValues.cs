using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>
/// A value the model holds only coarsely (PRIORITY 1–9 as three importance levels, STATUS:CANCELLED as an
/// Outlook status) is kept exactly as an extra under its own name. The writer gives the kept value back while
/// the model still says what it said (the item was not changed to another level elsewhere), and the mapped
/// value otherwise. Extras are outside the content hash, so a store that holds only three levels (Exchange)
/// neither loses the value for the others nor sees a change.
/// </summary>
internal static class KeptValues
{
    public static ExtraProperty Keep(ContentLine line) => new(line.Name, line.Name + ":" + line.RawValue.Trim());

    /// <summary>The kept value of <paramref name="name"/> when <paramref name="stillMeans"/> says it still matches the model.</summary>
    public static string? Get(ValueList<ExtraProperty> extras, string name, Func<string, bool> stillMeans)
    {
        foreach (var extra in extras)
        {
            if (!extra.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
            var colon = extra.Line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var value = extra.Line[(colon + 1)..];
            return stillMeans(value) ? value : null;
        }
        return null;
    }
}
