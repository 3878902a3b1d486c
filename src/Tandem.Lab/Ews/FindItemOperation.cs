using System.Globalization;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>FindItem: restriction, sort order, IndexedPageItemView paging and CalendarView windows (no expansion).</summary>
internal static class FindItemOperation
{
    public static IEnumerable<XElement> FindItem(EwsCall call)
    {
        var shape = ResponseShape.Parse(call.Child("ItemShape"));
        var restriction = call.Child("Restriction")?.Elements().FirstOrDefault();
        var sort = call.Child("SortOrder")?.Elements(Ns.T + "FieldOrder").ToList() ?? [];
        var indexed = call.Child("IndexedPageItemView");
        var calendar = call.Child("CalendarView");
        var results = new List<XElement>();
        foreach (var id in call.Child("ParentFolderIds")!.Elements())
        {
            try
            {
                var folder = call.ResolveFolder(id);
                IEnumerable<LabItem> items = folder.Items.Values.OrderBy(i => i.CreatedChangeNumber);
                if (restriction is not null)
                {
                    items = items.Where(i => Restriction.Matches(restriction, i, call.Store));
                }

                if (calendar is not null)
                {
                    items = InWindow(items, calendar);
                }

                var list = Sort(items, sort, call.Store);
                if (calendar is not null)
                {
                    var max = int.TryParse((string?)calendar.Attribute("MaxEntriesReturned"), CultureInfo.InvariantCulture, out var m) ? m : int.MaxValue;
                    var page = list.Take(max).ToList();
                    results.Add(SoapWriter.Success("FindItem", new XElement(Ns.M + "RootFolder",
                        new XAttribute("TotalItemsInView", list.Count),
                        new XAttribute("IncludesLastItemInRange", page.Count == list.Count ? "true" : "false"),
                        new XElement(Ns.T + "Items", page.Select(i => ItemRenderer.Render(i, shape, call.Store))))));
                    continue;
                }

                var (items2, next, last) = Paging.Page(list, indexed);
                results.Add(SoapWriter.Success("FindItem", new XElement(Ns.M + "RootFolder",
                    new XAttribute("IndexedPagingOffset", next),
                    new XAttribute("TotalItemsInView", list.Count),
                    new XAttribute("IncludesLastItemInRange", last ? "true" : "false"),
                    new XElement(Ns.T + "Items", items2.Select(i => ItemRenderer.Render(i, shape, call.Store))))));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("FindItem", ex));
            }
        }

        return results;
    }

    private static List<LabItem> Sort(IEnumerable<LabItem> items, List<XElement> orders, LabStore store)
    {
        var list = items.ToList();
        if (orders.Count == 0)
        {
            return list;
        }

        var keys = orders.Select(o => (Path: PropertyPath.Parse(o.Elements().First()), Descending: (string?)o.Attribute("Order") == "Descending")).ToList();
        list.Sort((a, b) =>
        {
            foreach (var (path, descending) in keys)
            {
                var va = Restriction.Values(path, a, store).FirstOrDefault() ?? string.Empty;
                var vb = Restriction.Values(path, b, store).FirstOrDefault() ?? string.Empty;
                var c = Restriction.Compare(va, vb);
                if (c != 0)
                {
                    return descending ? -c : c;
                }
            }

            return a.CreatedChangeNumber.CompareTo(b.CreatedChangeNumber);
        });
        return list;
    }

    /// <summary>
    /// CalendarView: single items overlapping the window, and the occurrences (and exceptions) of recurring series that
    /// overlap it, each with its own occurrence ItemId — deleted occurrences are skipped — ordered by start.
    /// </summary>
    private static IEnumerable<LabItem> InWindow(IEnumerable<LabItem> items, XElement view)
    {
        var start = DateTimeOffset.Parse((string)view.Attribute("StartDate")!, CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse((string)view.Attribute("EndDate")!, CultureInfo.InvariantCulture);
        var found = new List<(DateTimeOffset Start, LabItem Item)>();
        foreach (var item in items)
        {
            if (item.Props.ContainsKey("Recurrence"))
            {
                foreach (var (index, original) in Occurrences.Instances(item))
                {
                    // Exceptions may move an occurrence by up to a day or so; look a little beyond the window.
                    if (original > end.AddDays(7))
                    {
                        break;
                    }

                    if (Occurrences.IsDeleted(item, original))
                    {
                        continue;
                    }

                    var occurrence = Occurrences.View(item, index, original);
                    if (Overlaps(occurrence, start, end) is { } s)
                    {
                        found.Add((s, occurrence));
                    }
                }
            }
            else if (Overlaps(item, start, end) is { } s)
            {
                found.Add((s, item));
            }
        }

        return found.OrderBy(f => f.Start).Select(f => f.Item);
    }

    private static DateTimeOffset? Overlaps(LabItem item, DateTimeOffset start, DateTimeOffset end) =>
        DateTimeOffset.TryParse(item.Text("Start"), CultureInfo.InvariantCulture, out var s)
        && DateTimeOffset.TryParse(item.Text("End"), CultureInfo.InvariantCulture, out var e)
        && s < end && e >= start
            ? s
            : null;
}
