using System.CommandLine;
using System.Globalization;
using Tandem.Core.History;
using Tandem.Engine.History;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem history SEARCH [--group G]</c>: finds items by name, e-mail address or subject and prints each one's history
/// ("why did this contact change?"): which member a change came from, when, the fields it changed, who received it.
/// </summary>
internal sealed class HistoryCommand : ICliCommand
{
    private const int MaxItems = 20;

    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var search = new Argument<string>("SEARCH") { Description = "part of a name, e-mail address or subject" };
        var group = new Option<string?>("--group") { Description = "search this group only" };
        var command = new Command("history", "show how an item changed: from which member, when, which fields, who received it") { search, group };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            var history = new ItemHistory(store, context.Time);
            var matches = await history.SearchAsync(parse.GetRequiredValue(search), parse.GetValue(group), MaxItems + 1, ct);
            if (matches.Count == 0)
            {
                context.Out.WriteLine("no item matches");
                return 1;
            }
            foreach (var match in matches.Take(MaxItems))
            {
                context.Out.WriteLine($"{match.Title}  [group {match.Group}, item {match.LogicalId}{(match.Live ? "" : ", deleted")}]");
                var lines = await history.LoadAsync(match.Group, match.LogicalId, ct);
                if (lines.Count == 0) context.Out.WriteLine("  no history kept (older than the retention, or recorded before history existed)");
                foreach (var line in lines) Print(context.Out, line);
                context.Out.WriteLine();
            }
            if (matches.Count > MaxItems) context.Out.WriteLine($"(more than {MaxItems} items match: narrow the search or give --group)");
            return 0;
        });
        return command;
    }

    private static void Print(TextWriter output, ItemHistoryLine line)
    {
        var e = line.Entry;
        var when = e.At.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var text = e.Action switch
        {
            HistoryAction.Created => $"created in {line.Member}",
            HistoryAction.Updated => $"changed in {line.Member}",
            HistoryAction.Deleted => $"deleted in {line.Member}",
            HistoryAction.Restored => $"restored from {line.Member}",
            HistoryAction.Conflict => $"conflict in {line.Member}: {e.Detail}",
            HistoryAction.Quarantined => $"quarantined in {line.Member}: {e.Detail}",
            HistoryAction.Delivered => $"  -> {line.Member}: {e.Detail}",
            _ => e.Action.ToString(),
        };
        var revision = e.Revision > 0 && e.Action != HistoryAction.Delivered ? $" (revision {e.Revision})" : "";
        output.WriteLine($"  {when}  {text}{revision}");
        foreach (var change in e.Changes ?? [])
            output.WriteLine($"      {change.Field}: {change.Old ?? "(none)"} -> {change.New ?? "(none)"}");
    }
}
