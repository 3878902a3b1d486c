using System.CommandLine;
using Tandem.Connectors.Local;
using Tandem.Core.Connectors;
using Tandem.Engine;
using Tandem.State;
using Tandem.Service;

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

    public Option<bool> StatePasswordOption { get; } = new("--state-password-stdin")
    {
        Description = $"read the PostgreSQL state password from the first line of stdin (else ${PostgresPassword}, else $PGPASSWORD)",
        Recursive = true,
    };

    private const string PostgresPassword = "TANDEM_STATE_PASSWORD";

    /// <summary>The state location: a full SQLite path, or a PostgreSQL URL / connection string as given (see <see cref="StateStoreFactory"/>).</summary>
    public string StatePath(ParseResult parse)
    {
        var location = parse.GetValue(StateOption) is { Length: > 0 } path ? path
            : environment(StateEnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv
            : DefaultStateFile;
        if (StateStoreFactory.IsPostgres(location))
        {
            ReadPasswordOnce(parse);
            return location;
        }
        return Path.GetFullPath(location);
    }

    /// <summary>
    /// The password read from stdin goes into this process's environment: the store reads it there, and so does a service the
    /// attendant starts (never onto a command line, where other users could see it).
    /// </summary>
    private void ReadPasswordOnce(ParseResult parse)
    {
        if (!parse.GetValue(StatePasswordOption) || System.Environment.GetEnvironmentVariable(PostgresPassword) is { Length: > 0 }) return;
        var line = Console.In.ReadLine();
        if (string.IsNullOrEmpty(line)) throw new CliUsageException("--state-password-stdin: no password on stdin");
        System.Environment.SetEnvironmentVariable(PostgresPassword, line);
    }

    /// <summary>Whether a state exists there (a PostgreSQL database is created by its administrator, and always counts).</summary>
    public static bool StateExists(string location) => StateStoreFactory.IsPostgres(location) || File.Exists(location);

    /// <summary>Opens the state database; only <c>init</c> may create one, so a typo in --state cannot start an empty configuration.</summary>
    public async Task<IStateStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken, bool create = false)
    {
        var path = StatePath(parse);
        if (!create && !StateExists(path)) throw new CliUsageException($"no state database at {path}; run 'tandem init' first (or pass --state PATH)");
        return await StateStoreFactory.OpenAsync(path, Time, name => environment(name) ?? (name == PostgresPassword ? System.Environment.GetEnvironmentVariable(name) : null), cancellationToken);
    }

    public SyncEngine CreateEngine(IStateStore store) => new(store, CreateRegistry(), Time, null);

    public ConnectorRegistry CreateRegistry()
    {
        var registry = new ConnectorRegistry();
        foreach (var factory in ConnectorFactories) registry.Add(factory);
        return registry;
    }
}
