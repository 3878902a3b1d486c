using Tandem.Testing.Processes;

namespace Tandem.Deploy.Tests;

/// <summary>
/// A throwaway "/" for deploy/linux/install.sh --root: just the account files a Debian system starts with, so the
/// script adds its user there (useradd --prefix) and this machine's own users, /usr and /var are never touched.
/// </summary>
internal sealed class ScratchRoot : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private ScratchRoot(string path) => Path = path;

    public string Path { get; }

    /// <summary>A new root; skips the test when the scripts cannot run here (they need root, bash and useradd).</summary>
    public static async Task<ScratchRoot> CreateAsync()
    {
        Skip.If(OperatingSystem.IsWindows(), "the Linux install scripts need a Unix shell");
        var id = await ExternalCommand.RunAsync("id", ["-u"], Timeout);
        Skip.If(id.Stdout.Trim() != "0", "the install scripts create a user and chown files: run the tests as root");
        Skip.If(ExternalCommand.Find("useradd") is null && !File.Exists("/usr/sbin/useradd"), "useradd is not installed (Debian package: passwd)");
        var root = new ScratchRoot(Directory.CreateTempSubdirectory("tandem-root-").FullName);
        Directory.CreateDirectory(root.At("/etc"));
        File.WriteAllText(root.At("/etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        File.WriteAllText(root.At("/etc/group"), "root:x:0:\n");
        File.WriteAllText(root.At("/etc/shadow"), "root:*:20000:0:99999:7:::\n");
        File.WriteAllText(root.At("/etc/gshadow"), "root:*::\n");
        return root;
    }

    /// <summary>An absolute path of the installed system, inside this root.</summary>
    public string At(string absolute) => System.IO.Path.Combine(Path, absolute.TrimStart('/'));

    /// <summary>A stand-in for the published binary: the scripts copy it, and only `tandem init` would run it.</summary>
    public string FakeBinary(string version)
    {
        var file = System.IO.Path.Combine(Path, "..", System.IO.Path.GetFileName(Path) + "-tandem-" + version);
        File.WriteAllText(file, $"#!/bin/sh\necho tandem {version}\n");
        return System.IO.Path.GetFullPath(file);
    }

    public Task<CommandResult> RunAsync(string script, params string[] args) =>
        ExternalCommand.RunAsync("bash", [script, "--root", Path, "--no-systemctl", .. args], Timeout,
            environment: new Dictionary<string, string> { ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" });

    /// <summary>uid:gid of a path inside the root, numerically (the user exists only in this root's passwd).</summary>
    public async Task<string> OwnerAsync(string absolute) =>
        (await ExternalCommand.RunAsync("stat", ["-c", "%u:%g", At(absolute)], Timeout)).Stdout.Trim();

    /// <summary>The passwd lines of <paramref name="user"/> in this root (fields split).</summary>
    public IReadOnlyList<string[]> PasswdEntries(string user) =>
        File.ReadAllLines(At("/etc/passwd")).Select(l => l.Split(':')).Where(f => f[0] == user).ToList();

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path) + "-tandem-*"))
        {
            File.Delete(file);
        }
        Directory.Delete(Path, recursive: true);
    }
}
