using System.CommandLine;
using Tandem.Cli.Commands;
using Tandem.State;

namespace Tandem.Cli;

/// <summary>
/// Builds the `tandem` command tree from <see cref="Commands"/> and runs it. Every failure the user can act on
/// ends as one line on stderr and a non-zero exit: 2 for a malformed command line, 1 for a refused or failed
/// operation.
/// </summary>
internal static class CliApp
{
    public const int UsageError = 2;
    public const int Failure = 1;

    /// <summary>
    /// After SIGTERM or Ctrl+C the running command's token is cancelled and it gets this long to finish: the service
    /// lets its batches in flight finish and be recorded first (systemd's TimeoutStopSec is longer still).
    /// </summary>
    private static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(60);

    /// <summary>Every command; a new one is a file under Commands/ and a line here.</summary>
    private static IReadOnlyList<ICliCommand> Commands() =>
    [
        new InitCommand(),
        new AdminAddCommand(),
        new AdminListCommand(),
        new AdminRemoveCommand(),
        new AdminPasswdCommand(),
        new AdminTokenCommand(),
        new ConnectionAddCommand(),
        new ConnectionListCommand(),
        new ConnectionRemoveCommand(),
        new ConnectionTestCommand(),
        new GroupAddCommand(),
        new GroupListCommand(),
        new GroupSetCommand(),
        new GroupRulesCommand(),
        new GroupRemoveCommand(),
        new GroupPreviewCommand(),
        new GroupPauseCommand(),
        new GroupResumeCommand(),
        new MemberAddCommand(),
        new MemberRemoveCommand(),
        new SyncCommand(),
        new ServeCommand(),
        new AttendantCommand(),
        new StatusCommand(),
        new MigrateCommand(),
        new ApproveCommand(),
        new RejectCommand(),
        new RetryCommand(),
        new DemoCommand(),
        new LabCommand(),
        new FoldersCommand(),
        new HistoryCommand(),
    ];

    private static readonly Dictionary<string, string> ParentDescriptions = new(StringComparer.Ordinal)
    {
        ["connection"] = "manage connections to stores",
        ["group"] = "manage sync groups",
        ["member"] = "manage the folders of a group",
        ["admin"] = "manage the accounts that sign in to the administration panel and API",
    };

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, new CliContext(Console.Out, Console.Error, TimeProvider.System, Environment.GetEnvironmentVariable), CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var root = Build(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            context.Error.WriteLine($"tandem: {OneLine(parse.Errors[0].Message)} (see 'tandem --help')");
            return UsageError;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TerminationGrace }, cancellationToken);
        }
        catch (CliUsageException e)
        {
            return Fail(context, e.Message, UsageError);
        }
        catch (Exception e) when (e is TandemConfigurationException or ArgumentException or FormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return Fail(context, e.Message, Failure);
        }
        catch (OperationCanceledException)
        {
            return Fail(context, "cancelled", Failure);
        }
    }

    internal static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("tandem keeps groups of mailbox folders (contacts, calendars, tasks, notes) identical") { context.StateOption, context.StatePasswordOption };
        var parents = new Dictionary<string, Command>(StringComparer.Ordinal);
        foreach (var command in Commands())
        {
            var built = command.Build(context);
            if (command.Parent is null)
            {
                root.Add(built);
                continue;
            }
            if (!parents.TryGetValue(command.Parent, out var parent))
            {
                parent = new Command(command.Parent, ParentDescriptions.GetValueOrDefault(command.Parent, command.Parent));
                parents[command.Parent] = parent;
                root.Add(parent);
            }
            parent.Add(built);
        }
        return root;
    }

    private static int Fail(CliContext context, string message, int code)
    {
        context.Error.WriteLine($"tandem: {OneLine(message)}");
        return code;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
