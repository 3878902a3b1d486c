using Tandem.Cli;

namespace Tandem.Connectors.Dav.Tests.Scenarios;

/// <summary>The `tandem` command run in this process on a throwaway state database; secrets go in through stdin.</summary>
internal sealed class InProcessCli : IDisposable
{
    private static readonly SemaphoreSlim StdinLock = new(1, 1);

    public string Dir { get; } = Directory.CreateTempSubdirectory("tandem-dav-cli-").FullName;

    public string StatePath => Path.Combine(Dir, "state.db");

    /// <summary>Connector factories added after the built-in ones (the registry takes the last that supports a type).</summary>
    public List<Core.Connectors.IConnectorFactory> ExtraFactories { get; } = [];

    public async Task<string> RunOkAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync(null, args);
        Assert.True(exit == 0, $"tandem {string.Join(' ', args)} exited {exit}: {output} {error}");
        return output;
    }

    public async Task<(int Exit, string Out, string Err)> RunAsync(string? stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, TimeProvider.System, _ => null);
        foreach (var factory in ExtraFactories) context.ConnectorFactories.Add(factory);
        int exit;
        if (stdin is null)
        {
            exit = await CliApp.RunAsync(["--state", StatePath, .. args], context, CancellationToken.None);
        }
        else
        {
            // the connection types read secrets from Console.In, which is process-wide
            await StdinLock.WaitAsync();
            var previous = Console.In;
            try
            {
                Console.SetIn(new StringReader(stdin + "\n"));
                exit = await CliApp.RunAsync(["--state", StatePath, .. args], context, CancellationToken.None);
            }
            finally
            {
                Console.SetIn(previous);
                StdinLock.Release();
            }
        }
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>`connection add NAME --type dav` for <paramref name="server"/>.</summary>
    public async Task AddServerAsync(string name, Servers.DavServer server)
    {
        // untested: these scenarios are about syncing; the connection test has its own tests
        var args = new List<string> { "connection", "add", name, "--type", "dav", "--url", server.Url.ToString(), "--no-test" };
        if (server.Password is not null) args.AddRange(["--user", server.User, "--password-stdin"]);
        var (exit, output, error) = await RunAsync(server.Password, [.. args]);
        Assert.True(exit == 0, output + error);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // temp is cleaned eventually
        }
    }
}
