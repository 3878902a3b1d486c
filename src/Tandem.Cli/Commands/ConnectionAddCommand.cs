using System.CommandLine;
using Tandem.Core.Groups;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem connection add NAME --type TYPE [type options]</c>.</summary>
internal sealed class ConnectionAddCommand : ICliCommand
{
    public string? Parent => "connection";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "connection name, used in folder references (NAME:MAILBOX/Folder)" };
        var type = new Option<string>("--type") { Description = "store type: " + string.Join(", ", ConnectionTypes.All.Select(t => t.Type)), Required = true };
        var command = new Command("add", "add a connection to a store") { name, type };
        foreach (var option in AllOptions()) command.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var typeName = parse.GetRequiredValue(type);
            var connectionType = ConnectionTypes.All.FirstOrDefault(t => string.Equals(t.Type, typeName, StringComparison.OrdinalIgnoreCase))
                ?? throw new CliUsageException($"unknown connection type '{typeName}' (known: {string.Join(", ", ConnectionTypes.All.Select(t => t.Type))})");
            RejectOtherTypesOptions(parse, connectionType);
            var (settings, secrets) = connectionType.Read(parse);
            var connection = new ConnectionDefinition(parse.GetRequiredValue(name), connectionType.Type, settings);
            await using var store = await context.OpenStoreAsync(parse, ct);
            await store.AddConnectionAsync(connection, secrets, ct);
            context.Out.WriteLine($"added connection '{connection.Name}' ({connection.Type})");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// One option per name: types share a name when it means the same thing (--url, --user, --password-stdin, --vcard),
    /// and read it by name (<see cref="DavConnectionType"/>).
    /// </summary>
    private static IEnumerable<Option> AllOptions() => ConnectionTypes.All.SelectMany(t => t.Options).DistinctBy(o => o.Name, StringComparer.Ordinal);

    /// <summary>An option of another type is a mistake (say --root on an ews connection); silently ignoring it would hide it.</summary>
    private static void RejectOtherTypesOptions(ParseResult parse, IConnectionType chosen)
    {
        var own = chosen.Options.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var option in AllOptions().Where(o => !own.Contains(o.Name)))
        {
            if (parse.GetResult(option) is { Implicit: false }) throw new CliUsageException($"{option.Name} does not apply to {chosen.Type} connections");
        }
    }
}
