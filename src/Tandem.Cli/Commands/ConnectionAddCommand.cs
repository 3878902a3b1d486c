using System.CommandLine;
using Tandem.Core.Groups;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem connection add NAME --type TYPE [type options] [--no-test]</c>. A connection to a server is tested first
/// (<see cref="Tandem.Engine.Probes.ConnectionProbe"/>) and refused with the step that failed; --no-test stores it
/// untested (offline set-up). A local directory is not tested: it may be made later.
/// </summary>
internal sealed class ConnectionAddCommand : ICliCommand
{
    public string? Parent => "connection";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "connection name, used in folder references (NAME:MAILBOX/Folder)" };
        var type = new Option<string>("--type") { Description = "store type: " + string.Join(", ", ConnectionTypes.All.Select(t => t.Type)), Required = true };
        var noTest = new Option<bool>("--no-test") { Description = "store the connection without testing it first (offline set-up)" };
        var command = new Command("add", "add a connection to a store (tested first, unless --no-test)") { name, type, noTest };
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
            if (await store.GetConnectionAsync(connection.Name, ct) is not null) throw new Tandem.State.TandemConfigurationException($"connection '{connection.Name}' already exists");
            if (!parse.GetValue(noTest) && !string.Equals(connectionType.Type, "local", StringComparison.OrdinalIgnoreCase))
            {
                var result = await new Tandem.Engine.Probes.ConnectionProbe(context.CreateRegistry(), context.Time).TestAsync(connection, secrets, ct);
                context.Out.WriteLine($"testing connection '{connection.Name}':");
                ConnectionTestPrinter.Print(context.Out, result);
                if (!result.Ok)
                {
                    context.Error.WriteLine($"tandem: connection '{connection.Name}' not added: {result.Failed!.Name} failed: {result.Failed.Detail} (--no-test stores it untested)");
                    return CliApp.Failure;
                }
            }
            if (!parse.GetValue(noTest))
            {
                try
                {
                    var found = await connectionType.DiscoverAsync(connection, secrets, ct);
                    foreach (var (key, value) in found) settings[key] = value;
                    connection = connection with { Settings = settings };
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // the test passed, so the connection works: runs discover what could not be stored now
                    context.Error.WriteLine($"tandem: connection '{connection.Name}': {e.Message}; stored without it (each run asks the server)");
                }
            }
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
