using System.Runtime.Versioning;

namespace Tandem.Deploy.Tests;

/// <summary>deploy/linux/install.sh and uninstall.sh, run for real into a scratch root (--root, --no-systemctl).</summary>
[UnsupportedOSPlatform("windows")] // ScratchRoot.CreateAsync skips there first
public sealed class LinuxInstallTests
{
    private const UnixFileMode OwnerOnlyDir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Executable = OwnerOnlyDir | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode WorldReadable = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [SkippableFact]
    public async Task Install_IntoAFreshRoot_CreatesTheUserTheFilesAndPrivateDirectories()
    {
        using var root = await ScratchRoot.CreateAsync();
        var result = await root.RunAsync(DeployFiles.LinuxInstall, "--binary", root.FakeBinary("1"));
        Assert.True(result.ExitCode == 0, result.ToString());

        var user = Assert.Single(root.PasswdEntries("tandem"));
        Assert.Equal("/var/lib/tandem", user[5]);
        Assert.Equal("/usr/sbin/nologin", user[6]);
        Assert.True(int.Parse(user[2], System.Globalization.CultureInfo.InvariantCulture) is > 0 and < 1000, $"uid {user[2]} is not a system uid");
        var owner = $"{user[2]}:{user[3]}";

        Assert.Equal("#!/bin/sh\necho tandem 1\n", File.ReadAllText(root.At("/usr/local/bin/tandem")));
        Assert.Equal(Executable, File.GetUnixFileMode(root.At("/usr/local/bin/tandem")));
        Assert.Equal("0:0", await root.OwnerAsync("/usr/local/bin/tandem"));
        Assert.Equal(File.ReadAllText(DeployFiles.Unit), File.ReadAllText(root.At("/etc/systemd/system/tandem.service")));
        Assert.Equal(WorldReadable, File.GetUnixFileMode(root.At("/etc/systemd/system/tandem.service")));

        foreach (var dir in new[] { "/var/lib/tandem", "/var/log/tandem", "/var/cache/tandem" })
        {
            Assert.Equal(OwnerOnlyDir, File.GetUnixFileMode(root.At(dir)));
            Assert.Equal(owner, await root.OwnerAsync(dir));
        }
        Assert.Equal(OwnerOnlyDir, File.GetUnixFileMode(root.At("/etc/tandem")));
        Assert.Equal("0:0", await root.OwnerAsync("/etc/tandem"));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(root.At("/etc/tandem/tandem.env")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.At("/var/lib/tandem")));
    }

    [SkippableFact]
    public async Task Install_Again_ReplacesTheBinaryKeepsTheStateAndTightensWhatAnOlderVersionLeftReadable()
    {
        using var root = await ScratchRoot.CreateAsync();
        // What an install before this issue left: a world-readable database and key.
        Directory.CreateDirectory(root.At("/var/lib/tandem"));
        File.WriteAllText(root.At("/var/lib/tandem/tandem.db"), "contact snapshots");
        File.SetUnixFileMode(root.At("/var/lib/tandem/tandem.db"), WorldReadable);
        File.WriteAllText(root.At("/var/lib/tandem/tandem.db.key"), "key");
        File.SetUnixFileMode(root.At("/var/lib/tandem/tandem.db.key"), WorldReadable);

        var first = await root.RunAsync(DeployFiles.LinuxInstall, "--binary", root.FakeBinary("1"));
        Assert.True(first.ExitCode == 0, first.ToString());
        File.WriteAllText(root.At("/etc/tandem/tandem.env"), "TANDEM_KEY=set-by-the-admin\n");
        var second = await root.RunAsync(DeployFiles.LinuxInstall, "--binary", root.FakeBinary("2"));
        Assert.True(second.ExitCode == 0, second.ToString());

        Assert.Equal("#!/bin/sh\necho tandem 2\n", File.ReadAllText(root.At("/usr/local/bin/tandem")));
        Assert.Single(root.PasswdEntries("tandem"));
        Assert.Equal("contact snapshots", File.ReadAllText(root.At("/var/lib/tandem/tandem.db")));
        Assert.Equal("TANDEM_KEY=set-by-the-admin\n", File.ReadAllText(root.At("/etc/tandem/tandem.env")));
        var user = root.PasswdEntries("tandem")[0];
        foreach (var file in new[] { "/var/lib/tandem/tandem.db", "/var/lib/tandem/tandem.db.key" })
        {
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(root.At(file)));
            Assert.Equal($"{user[2]}:{user[3]}", await root.OwnerAsync(file));
        }
        // Nothing staged beside the binary or the unit is left over.
        Assert.Equal(["tandem"], Directory.EnumerateFileSystemEntries(root.At("/usr/local/bin")).Select(Path.GetFileName));
    }

    [SkippableFact]
    public async Task Uninstall_KeepsTheState_PurgeRemovesItAndTheUser()
    {
        using var root = await ScratchRoot.CreateAsync();
        Assert.Equal(0, (await root.RunAsync(DeployFiles.LinuxInstall, "--binary", root.FakeBinary("1"))).ExitCode);
        File.WriteAllText(root.At("/var/lib/tandem/tandem.db"), "state");

        var keep = await root.RunAsync(DeployFiles.LinuxUninstall);
        Assert.True(keep.ExitCode == 0, keep.ToString());
        Assert.False(File.Exists(root.At("/usr/local/bin/tandem")));
        Assert.False(File.Exists(root.At("/etc/systemd/system/tandem.service")));
        Assert.Equal("state", File.ReadAllText(root.At("/var/lib/tandem/tandem.db")));
        Assert.True(Directory.Exists(root.At("/var/log/tandem")));
        Assert.Single(root.PasswdEntries("tandem"));

        var purge = await root.RunAsync(DeployFiles.LinuxUninstall, "--purge");
        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.False(Directory.Exists(root.At("/var/lib/tandem")));
        Assert.False(Directory.Exists(root.At("/var/log/tandem")));
        Assert.False(Directory.Exists(root.At("/etc/tandem")));
        Assert.Empty(root.PasswdEntries("tandem"));
        Assert.DoesNotContain("tandem:", File.ReadAllText(root.At("/etc/group")), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Install_WithAMissingBinary_FailsSayingWhichAndInstallsNothing()
    {
        using var root = await ScratchRoot.CreateAsync();
        var result = await root.RunAsync(DeployFiles.LinuxInstall, "--binary", root.At("/nowhere/tandem"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("/nowhere/tandem", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(root.PasswdEntries("tandem"));
        Assert.False(Directory.Exists(root.At("/usr/local/bin")));
    }
}
