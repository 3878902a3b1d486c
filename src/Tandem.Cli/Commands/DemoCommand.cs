using System.CommandLine;
using Tandem.Cli.Demo;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem demo [--dir DIR]</c>: a guided run of the engine on local folders in a fresh directory.</summary>
internal sealed class DemoCommand : ICliCommand
{
    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var dir = new Option<string?>("--dir") { Description = "where to put the demo's folders and state (default: a new temp directory)" };
        var command = new Command("demo", "sync sample contacts and calendars between local folders, and show what happens") { dir };
        command.SetAction(async (parse, ct) =>
        {
            var directory = parse.GetValue(dir) is { } given ? Path.GetFullPath(given) : Path.Combine(Path.GetTempPath(), "tandem-demo-" + Guid.NewGuid().ToString("N")[..8]);
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
                throw new CliUsageException($"demo directory {directory} is not empty; give an empty or new one with --dir");
            Directory.CreateDirectory(directory);
            context.Out.WriteLine($"Tandem demo in {directory}");
            return await new DemoScenario(context, directory).RunAsync(ct);
        });
        return command;
    }
}
