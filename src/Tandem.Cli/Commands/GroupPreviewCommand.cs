using System.CommandLine;
using Tandem.Engine.Operations;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem group preview NAME [--all]</c>: what a cycle would change, per member and by item name, and what the
/// mass-deletion guard would say; nothing is written. Works on a paused group (preview before resuming it).
/// </summary>
internal sealed class GroupPreviewCommand : ICliCommand
{
    private const int Shown = 20;

    public string? Parent => "group";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var all = new Option<bool>("--all") { Description = $"list every item (default: the first {Shown} per member)" };
        var command = new Command("preview", "show what syncing a group would change (per member, by item), writing nothing") { name, all };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            var preview = await context.CreateEngine(store).PreviewAsync(parse.GetRequiredValue(name), ct);
            Print(context.Out, preview, parse.GetValue(all) ? int.MaxValue : Shown);
            return 0;
        });
        return command;
    }

    private static void Print(TextWriter output, GroupPreview preview, int limit)
    {
        output.WriteLine($"group '{preview.Group}' (preview: nothing was written){(preview.PausedNow is { } why ? $" — paused now: {why}" : "")}");
        foreach (var member in preview.Members)
        {
            output.WriteLine($"  {member.Member} ({member.Role.ToString().ToLowerInvariant()}): {member.Creates} to create, {member.Updates} to update, {member.Deletes} to delete" +
                (member.Counts.Error is { } error ? $" — cannot be read: {error}" : ""));
            foreach (var change in member.Changes.Take(limit)) output.WriteLine($"    {change.Kind.ToString().ToLowerInvariant(),-6}  {change.Title}");
            if (member.Changes.Count > limit) output.WriteLine($"    … and {member.Changes.Count - limit} more (--all lists them)");
        }
        output.WriteLine($"mass-deletion guard: {preview.Guard}");
    }
}
