using Tandem.Testing.Processes;

namespace Tandem.Deploy.Tests;

/// <summary>
/// install.sh and uninstall.sh on this machine's real root (in a private mount namespace, systemctl left out: no
/// systemd runs here), with the tandem built by this solution: the user is created by useradd, the state database
/// by `tandem init` running as that user.
/// </summary>
public sealed class LinuxInstallOnThisMachineTests
{
    [SkippableFact]
    public async Task InstallUpgradeUninstallPurge_OnTheRealRoot()
    {
        using var ns = await PrivateRootNamespace.CreateAsync();
        var binary = WriteLauncher();
        try
        {
            var install = await ns.RunAsync($"{DeployFiles.LinuxInstall} --no-systemctl --binary {binary}");
            Assert.True(install.ExitCode == 0, install.ToString());
            Assert.Contains("created state database /var/lib/tandem/tandem.db", install.Stdout, StringComparison.Ordinal);

            var files = await ns.RunAsync("stat -c '%a %U:%G %n' /var/lib/tandem /var/lib/tandem/tandem.db /var/lib/tandem/tandem.db.key /var/log/tandem /usr/local/bin/tandem; getent passwd tandem");
            Assert.True(files.ExitCode == 0, files.ToString());
            Assert.Equal(
                [
                    "700 tandem:tandem /var/lib/tandem",
                    "600 tandem:tandem /var/lib/tandem/tandem.db",
                    "600 tandem:tandem /var/lib/tandem/tandem.db.key",
                    "700 tandem:tandem /var/log/tandem",
                    "755 root:root /usr/local/bin/tandem",
                ],
                files.Stdout.Split('\n')[..5]);
            Assert.EndsWith(":/var/lib/tandem:/usr/sbin/nologin", files.Stdout.Split('\n')[5], StringComparison.Ordinal);

            // The service user can use what was installed; the state is not readable by anybody else.
            var status = await ns.RunAsync("runuser -u tandem -- tandem --state /var/lib/tandem/tandem.db status");
            Assert.True(status.ExitCode == 0, status.ToString());
            var other = await ns.RunAsync("runuser -u nobody -- cat /var/lib/tandem/tandem.db.key");
            Assert.NotEqual(0, other.ExitCode);

            var upgrade = await ns.RunAsync($"{DeployFiles.LinuxInstall} --no-systemctl --binary {binary}");
            Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
            Assert.Contains("already exists; schema is up to date", upgrade.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("created system user", upgrade.Stdout, StringComparison.Ordinal);

            var uninstall = await ns.RunAsync($"{DeployFiles.LinuxUninstall} --no-systemctl && test -f /var/lib/tandem/tandem.db && getent passwd tandem >/dev/null && test ! -e /usr/local/bin/tandem");
            Assert.True(uninstall.ExitCode == 0, uninstall.ToString());

            var purge = await ns.RunAsync($"{DeployFiles.LinuxUninstall} --no-systemctl --purge && test ! -e /var/lib/tandem && ! getent passwd tandem && ! getent group tandem");
            Assert.True(purge.ExitCode == 0, purge.ToString());
        }
        finally
        {
            File.Delete(binary);
        }
    }

    // install.sh copies one executable; this one starts the framework-dependent tandem the solution built (next to
    // this test assembly), so the test needs no self-contained publish.
    private static string WriteLauncher()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "tandem.dll");
        Assert.True(File.Exists(dll), dll + " is missing (the project reference to Tandem.Cli copies it)");
        // dotnet test names the muxer it runs under; the service user's PATH may not hold a user-local SDK.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? ExternalCommand.Find("dotnet") ?? "dotnet";
        var launcher = Path.Combine(Path.GetTempPath(), $"tandem-launcher-{Guid.NewGuid():N}");
        File.WriteAllText(launcher, $"#!/bin/sh\nexec {dotnet} {dll} \"$@\"\n");
        return launcher;
    }
}
