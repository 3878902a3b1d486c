namespace Tandem.Cli.Tests;

/// <summary>Runs the CLI in-process against a temp directory, capturing stdout and stderr.</summary>
internal sealed class CliRun : IDisposable
{
    public CliRun() => Directory.CreateDirectory(Dir);

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "tandem-cli-" + Guid.NewGuid().ToString("N"));

    public string StatePath => Path.Combine(Dir, "state.db");

    public Dictionary<string, string> Environment { get; } = new();

    /// <summary>What the next commands read as standard input (confirmations); empty input by default.</summary>
    public string Input { get; set; } = "";

    public string Folder(params string[] parts) => Path.Combine([Dir, "root", .. parts]);

    /// <summary>Runs <c>tandem --state STATE args…</c>.</summary>
    public Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunRawAsync(["--state", StatePath, .. args]);

    public async Task<(int Exit, string Out, string Err)> RunRawAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, TimeProvider.System, name => Environment.GetValueOrDefault(name), new StringReader(Input));
        var exit = await CliApp.RunAsync(args, context, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>init + a local connection "files" rooted at Dir/root.</summary>
    public async Task InitWithLocalAsync()
    {
        Directory.CreateDirectory(Folder());
        Assert.Equal(0, (await RunAsync("init")).Exit);
        Assert.Equal(0, (await RunAsync("connection", "add", "files", "--type", "local", "--root", Folder(), "--no-fsync")).Exit);
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }
}
