using Tandem.Testing.Processes;

namespace Tandem.Deploy.Tests;

/// <summary>
/// This machine's own "/", with /etc, /usr/local and /var overlaid by throwaway upper layers inside a private mount
/// namespace (unshare -m): install.sh runs its real path — useradd, runuser, `tandem init` as the new user — while
/// the machine's users and files stay as they were. Each command gets a new namespace over the same layers, so what
/// one command installed the next one sees.
/// </summary>
internal sealed class PrivateRootNamespace : IDisposable
{
    private static readonly string[] Overlaid = ["/etc", "/usr/local", "/var"];
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private PrivateRootNamespace(string layers) => _layers = layers;

    private readonly string _layers;

    /// <summary>Skips the test when this machine cannot make one (not root, no unshare, no overlayfs).</summary>
    public static async Task<PrivateRootNamespace> CreateAsync()
    {
        Skip.If(!OperatingSystem.IsLinux(), "mount namespaces are Linux's");
        var id = await ExternalCommand.RunAsync("id", ["-u"], Timeout);
        Skip.If(id.Stdout.Trim() != "0", "needs root to create a mount namespace and a system user");
        Skip.If(ExternalCommand.Find("unshare") is null, "unshare is not installed (Debian package: util-linux)");
        var ns = new PrivateRootNamespace(Directory.CreateTempSubdirectory("tandem-ns-").FullName);
        var probe = await ns.RunAsync("true");
        if (probe.ExitCode != 0)
        {
            ns.Dispose();
            Skip.If(true, "cannot overlay /etc, /usr/local and /var in a private mount namespace here: " + probe.Stderr.Trim());
        }
        return ns;
    }

    /// <summary>Runs a bash command line inside the namespace.</summary>
    public Task<CommandResult> RunAsync(string command)
    {
        var mounts = string.Join("\n", Overlaid.Select((dir, i) =>
            $"mkdir -p {_layers}/{i}/upper {_layers}/{i}/work && " +
            $"mount -t overlay overlay -o lowerdir={dir},upperdir={_layers}/{i}/upper,workdir={_layers}/{i}/work {dir} || exit 97"));
        return ExternalCommand.RunAsync("unshare", ["-m", "--propagation", "private", "bash", "-euc", mounts + "\n" + command], Timeout,
            environment: new Dictionary<string, string> { ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" });
    }

    public void Dispose() => Directory.Delete(_layers, recursive: true);
}
