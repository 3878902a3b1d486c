using System.CommandLine;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem connection list</c>: names, types and settings (secrets are never shown).</summary>
internal sealed class ConnectionListCommand : ICliCommand
{
    public string? Parent => "connection";

    public Command Build(CliContext context)
    {
        var command = new Command("list", "list connections");
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            var connections = await store.ListConnectionsAsync(ct);
            if (connections.Count == 0) context.Out.WriteLine("no connections (add one: tandem connection add NAME --type local --root DIR)");
            foreach (var c in connections)
            {
                var settings = string.Join(" ", c.Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
                context.Out.WriteLine($"{c.Name}\t{c.Type}\t{settings}");
            }
            return 0;
        });
        return command;
    }
}
