using System.Globalization;
using System.Xml.Linq;

namespace Tandem.Lab.Ews;

/// <summary>IndexedPage(Item|Folder)View paging: MaxEntriesReturned, Offset, BasePoint.</summary>
internal static class Paging
{
    public static (List<T> Page, int NextOffset, bool IncludesLast) Page<T>(IReadOnlyList<T> all, XElement? view)
    {
        if (view is null)
        {
            return ([.. all], all.Count, true);
        }

        var max = int.TryParse((string?)view.Attribute("MaxEntriesReturned"), CultureInfo.InvariantCulture, out var m) ? m : int.MaxValue;
        var offset = int.TryParse((string?)view.Attribute("Offset"), CultureInfo.InvariantCulture, out var o) ? o : 0;
        var fromEnd = (string?)view.Attribute("BasePoint") == "End";
        var start = fromEnd ? Math.Max(0, all.Count - offset - max) : offset;
        var end = fromEnd ? all.Count - offset : (int)Math.Min(all.Count, (long)offset + max);
        start = Math.Clamp(start, 0, all.Count);
        end = Math.Clamp(end, start, all.Count);
        var page = new List<T>(end - start);
        for (var i = start; i < end; i++)
        {
            page.Add(all[i]);
        }

        return fromEnd ? (page, offset + page.Count, start == 0) : (page, end, end >= all.Count);
    }
}
