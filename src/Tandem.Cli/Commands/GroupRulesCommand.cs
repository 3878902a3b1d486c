using System.CommandLine;
using Tandem.Core.Sync;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem group rules NAME [--file PATH | --json TEXT | --clear]</c>: shows or sets the group's filters and
/// modifications (the JSON shape documented on <see cref="SyncRules"/>).
/// </summary>
internal sealed class GroupRulesCommand : ICliCommand
{
    public string? Parent => "group";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var file = new Option<string?>("--file") { Description = "read the rules JSON from this file ('-' for stdin)" };
        var json = new Option<string?>("--json") { Description = "the rules JSON itself" };
        var clear = new Option<bool>("--clear") { Description = "remove all rules: everything syncs unchanged" };
        var command = new Command("rules", "show or set a group's filters and modifications") { name, file, json, clear };
        command.SetAction(async (parse, ct) =>
        {
            var groupName = parse.GetRequiredValue(name);
            var given = new[] { parse.GetValue(file) is not null, parse.GetValue(json) is not null, parse.GetValue(clear) }.Count(b => b);
            if (given > 1) throw new CliUsageException("give one of --file, --json or --clear");
            await using var store = await context.OpenStoreAsync(parse, ct);
            if (given == 0)
            {
                var group = await store.GetGroupAsync(groupName, ct) ?? throw new CliUsageException($"unknown group '{groupName}'");
                context.Out.WriteLine(group.RulesJson ?? "no rules: everything syncs unchanged");
                return 0;
            }
            var text = parse.GetValue(clear) ? null
                : parse.GetValue(json) ?? await ReadFileAsync(parse.GetValue(file)!, ct);
            if (text is not null)
            {
                try { text = SyncRules.Parse(text).ToJson(); }
                catch (FormatException e) { throw new CliUsageException(e.Message); }
            }
            await store.SetRulesAsync(groupName, text, ct);
            context.Out.WriteLine(text is null ? $"cleared the rules of group '{groupName}'" : $"set the rules of group '{groupName}'");
            return 0;
        });
        return command;
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken ct)
    {
        if (path == "-") return await Console.In.ReadToEndAsync(ct);
        if (!File.Exists(path)) throw new CliUsageException($"rules file {path} does not exist");
        return await File.ReadAllTextAsync(path, ct);
    }
}
