using System.CommandLine;
using Tandem.Core.Groups;
using Tandem.Engine.Purge;

namespace Tandem.Cli;

/// <summary>
/// <c>--purge</c> of <c>group remove</c> and <c>member remove</c>: lists the copies Tandem made, asks (unless
/// <c>--yes</c>; <c>--dry-run</c> only lists), deletes them, then removes the group or member.
/// </summary>
internal static class PurgeFlow
{
    public static Option<bool> PurgeOption() => new("--purge") { Description = "also delete the copies Tandem made in the folders (listed first; never a source's items or a member's own)" };

    public static Option<bool> YesOption() => new("--yes") { Description = "with --purge: do not ask for confirmation" };

    public static Option<bool> DryRunOption() => new("--dry-run") { Description = "with --purge: list the copies that would be deleted, change nothing" };

    public static async Task<int> RunAsync(CliContext context, ParseResult parse, string group, FolderRef? member, bool yes, bool dryRun, CancellationToken ct)
    {
        await using var store = await context.OpenStoreAsync(parse, ct);
        var runner = new PurgeRunner(store, context.CreateRegistry(), context.Time);
        var plan = await runner.PlanAsync(group, member, ct);
        var what = member is null ? $"group '{group}'" : $"{member} from group '{group}'";
        foreach (var problem in plan.Unreachable) context.Error.WriteLine($"tandem: cannot list the copies in {problem}");
        context.Out.WriteLine($"{plan.Items.Count} cop{(plan.Items.Count == 1 ? "y" : "ies")} made by Tandem to delete before removing {what}:");
        foreach (var item in plan.Items) context.Out.WriteLine($"  {item.Member}  {item.Title}");
        if (plan.Unreachable.Count > 0) return CliApp.Failure;
        if (dryRun)
        {
            context.Out.WriteLine("dry run: nothing was deleted or removed");
            return 0;
        }
        if (!yes)
        {
            context.Out.Write($"delete {plan.Items.Count} and remove {what}? [y/N] ");
            var answer = (await context.In.ReadLineAsync(ct))?.Trim();
            if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
            {
                context.Out.WriteLine("not confirmed: nothing was deleted or removed");
                return CliApp.Failure;
            }
        }
        var result = await runner.RunAsync(plan, ct);
        foreach (var failure in result.Failures) context.Error.WriteLine($"tandem: not deleted: {failure.Member}  {failure.Title}: {failure.Error}");
        if (!result.Removed)
        {
            context.Error.WriteLine($"tandem: {result.Deleted} deleted, {result.Failures.Count} failed; {what} was kept (its group paused): run the same command again to finish");
            return CliApp.Failure;
        }
        context.Out.WriteLine($"deleted {result.Deleted} cop{(result.Deleted == 1 ? "y" : "ies")} and removed {what}");
        return 0;
    }
}
