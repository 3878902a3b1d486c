using System.CommandLine;
using Tandem.Connectors.Local;
using Tandem.Core.Connectors;
using Tandem.Engine;
using Tandem.State;
using Tandem.State.Sqlite;

namespace Tandem.Cli;

/// <summary>What commands share: where output goes, the clock, the global --state option and how to open the store.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, TimeProvider time, Func<string, string?> environment, TextReader? input = null)
{
    public const string StateEnvironmentVariable = "TANDEM_STATE";
    public const string DefaultStateFile = "tandem.db";

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Where confirmations are read from (standard input unless a test gives its own).</summary>
    public TextReader In { get; } = input ?? Console.In;

    public TimeProvider Time { get; } = time;

    public string? Environment(string name) => environment(name);

    public Option<string?> StateOption { get; } = new("--state")
    {
        Description = $"state database (default: ${StateEnvironmentVariable}, else ./{DefaultStateFile})",
        Recursive = true,
    };

    /// <summary>Connector factories by type; EWS and others register here next to local.</summary>
    public IList<IConnectorFactory> ConnectorFactories { get; } = [new LocalConnectorFactory(time), new Tandem.Connectors.Ews.EwsConnectorFactory(time: time), new Tandem.Connectors.Graph.GraphConnectorFactory(time: time), new Tandem.Connectors.Local.Feed.FeedConnectorFactory(time), new Tandem.Connectors.Dav.DavConnectorFactory(time)];

    public string StatePath(ParseResult parse) =>
        Path.GetFullPath(parse.GetValue(StateOption) is { Length: > 0 } path ? path
            : environment(StateEnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv
            : DefaultStateFile);

    /// <summary>Opens the state database; only <c>init</c> may create one, so a typo in --state cannot start an empty configuration.</summary>
    public async Task<IStateStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken, bool create = false)
    {
        var path = StatePath(parse);
        if (!create && !File.Exists(path)) throw new CliUsageException($"no state database at {path}; run 'tandem init' first (or pass --state PATH)");
        return await SqliteStateStore.OpenAsync(path, Time, cancellationToken);
    }

    public SyncEngine CreateEngine(IStateStore store) => new(store, CreateRegistry(), Time, null);

    public ConnectorRegistry CreateRegistry()
    {
        var registry = new ConnectorRegistry();
        foreach (var factory in ConnectorFactories) registry.Add(factory);
        return registry;
    }
}
