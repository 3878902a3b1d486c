using System.CommandLine;
using Tandem.Cli.Demo;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem demo [--local] [--dir DIR]</c>: a guided run in a fresh directory. By default against the built-in
/// Exchange lab (public folders to mailboxes over EWS); with <c>--local</c> on folders of .vcf/.ics files.
/// </summary>
internal sealed class DemoCommand : ICliCommand
{
    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var dir = new Option<string?>("--dir") { Description = "where to put the demo's folders and state (default: a new temp directory)" };
        var local = new Option<bool>("--local") { Description = "sync local folders of .vcf/.ics files instead of the Exchange lab" };
        var command = new Command("demo", "sync sample contacts and calendars (Exchange lab, or local folders with --local), and show what happens") { dir, local };
        command.SetAction(async (parse, ct) =>
        {
            var isLocal = parse.GetValue(local);
            var directory = parse.GetValue(dir) is { } given
                ? Path.GetFullPath(given)
                : Path.Combine(Path.GetTempPath(), (isLocal ? "tandem-demo-" : "tandem-lab-demo-") + Guid.NewGuid().ToString("N")[..8]);
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
                throw new CliUsageException($"demo directory {directory} is not empty; give an empty or new one with --dir");
            Directory.CreateDirectory(directory);
            context.Out.WriteLine($"Tandem demo in {directory}");
            return isLocal
                ? await new DemoScenario(context, directory).RunAsync(ct)
                : await LabDemo.RunAsync(context, directory, ct);
        });
        return command;
    }
}
