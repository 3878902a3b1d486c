using System.CommandLine;
using Tandem.Engine;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem sync [GROUP...] [--dry-run]</c>: one cycle per group (all groups when none is named). Exit 0 when
/// every group synced, 3 when a group is paused waiting for approval, 1 when a member failed.
/// </summary>
internal sealed class SyncCommand : ICliCommand
{
    public const int PausedExit = 3;

    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var groups = new Argument<string[]>("GROUP") { Description = "groups to sync (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "read and plan only: write nothing to any folder or to the state" };
        var command = new Command("sync", "run one sync cycle; exit 3 when a group is paused, 1 when a member failed") { groups, dryRun };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            var names = parse.GetValue(groups) is { Length: > 0 } given ? given : (await store.ListGroupsAsync(ct)).Select(g => g.Name).ToArray();
            if (names.Length == 0)
            {
                context.Out.WriteLine("no groups to sync (add one: tandem group add NAME --type contacts)");
                return 0;
            }
            var engine = context.CreateEngine(store);
            var options = SyncOptions.Default with { DryRun = parse.GetValue(dryRun) };
            var exit = 0;
            foreach (var name in names)
            {
                var report = await engine.SyncAsync(name, options, ct);
                CycleReportPrinter.Print(context.Out, report);
                foreach (var failed in report.Members.Where(m => m.Error is not null))
                {
                    context.Error.WriteLine($"tandem: group '{name}', member {failed.Member}: {failed.Error!.ReplaceLineEndings(" ")}");
                    exit = CliApp.Failure;
                }
                if (report.Paused && exit == 0) exit = PausedExit;
            }
            return exit;
        });
        return command;
    }
}
