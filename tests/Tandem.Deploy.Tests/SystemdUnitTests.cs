using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Deploy.Tests;

/// <summary>deploy/systemd/tandem.service: accepted by systemd itself, and carrying the settings the service's
/// supervision and the privacy of its state depend on.</summary>
public sealed class SystemdUnitTests(OfflineSystemdRoot root) : IClassFixture<OfflineSystemdRoot>
{
    private readonly SystemdUnitFile _unit = SystemdUnitFile.Load(DeployFiles.Unit);

    [SkippableFact]
    public async Task Verify_TheUnit_ReportsNothing()
    {
        Skip.If(root.SkipReason is not null, root.SkipReason);
        var result = await root.RunAsync("verify", "--man=no", $"--root={root.Root}", "tandem.service");
        Assert.True(result.ExitCode == 0, result.ToString());
        // verify exits 0 on settings it ignores (a misspelled key, a bad value): any line it prints is a finding.
        Assert.True(result.Stdout.Trim().Length == 0 && result.Stderr.Trim().Length == 0, result.ToString());
    }

    [SkippableFact]
    public async Task Verify_ABrokenCopy_IsReported()
    {
        // The check above is only worth something if verify really reads the unit under that root.
        Skip.If(root.SkipReason is not null, root.SkipReason);
        var broken = File.ReadAllText(DeployFiles.Unit)
            .Replace("ProtectSystem=strict", "ProtectSystem=stricter", StringComparison.Ordinal);
        root.AddUnit("tandem-broken.service", broken);
        var result = await root.RunAsync("verify", "--man=no", $"--root={root.Root}", "tandem-broken.service");
        Assert.Contains("stricter", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Security_OfflineReview_RatesExposureLow()
    {
        Skip.If(root.SkipReason is not null, root.SkipReason);
        var result = await root.RunAsync("security", "--offline=true", $"--root={root.Root}", "--no-pager", "tandem.service");
        var text = result.Stdout + result.Stderr;
        Skip.If(text.Contains("unrecognized option", StringComparison.Ordinal), "this systemd-analyze has no offline security review (systemd < 250)");
        var match = Regex.Match(text, @"Overall exposure level for tandem\.service: (\d+\.\d+)");
        Assert.True(match.Success, result.ToString());
        var exposure = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        // 0 is a fully sandboxed unit, 10 an unprotected one; a network daemon that must JIT and reach any Exchange
        // server cannot reach 0. 2.0 leaves room for systemd's scoring to change, not for a dropped protection.
        Assert.True(exposure <= 2.0, $"exposure {exposure}:\n{text}");
    }

    [Fact]
    public void Unit_IsANotifyServiceWithAWatchdog_RestartedOnFailure()
    {
        Assert.Equal("notify", _unit.Single("Service", "Type"));
        Assert.Equal("main", _unit.Single("Service", "NotifyAccess"));
        var watchdog = SystemdUnitFile.ParseSeconds(_unit.Single("Service", "WatchdogSec"));
        // The service pings every WatchdogSec/2; under a few seconds a GC pause on a loaded host would kill it.
        Assert.InRange(watchdog, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));
        Assert.Equal("on-failure", _unit.Single("Service", "Restart"));
        Assert.Equal("multi-user.target", _unit.Single("Install", "WantedBy"));
    }

    [Fact]
    public void Unit_StopTimeout_LeavesTimeForTheInFlightBatch()
    {
        var stop = SystemdUnitFile.ParseSeconds(_unit.Single("Service", "TimeoutStopSec"));
        Assert.True(stop >= TimeSpan.FromMinutes(2), $"TimeoutStopSec={stop}: SIGKILL would cut a batch short");
    }

    [Fact]
    public void Unit_RunsServeOnTheStateAndLogsDirectories()
    {
        var exec = _unit.Single("Service", "ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["/usr/local/bin/tandem", "serve"], exec[..2]);
        var state = exec[Array.IndexOf(exec, "--state") + 1];
        var logs = exec[Array.IndexOf(exec, "--logs") + 1];
        Assert.Equal("/var/lib/" + _unit.Single("Service", "StateDirectory"), Path.GetDirectoryName(state));
        Assert.Equal("/var/log/" + _unit.Single("Service", "LogsDirectory"), logs);
    }

    [Fact]
    public void Unit_StateAndLogs_AreTheServiceUsersAlone()
    {
        Assert.Equal("tandem", _unit.Single("Service", "User"));
        Assert.Equal("tandem", _unit.Single("Service", "StateDirectory"));
        Assert.Equal("0700", _unit.Single("Service", "StateDirectoryMode"));
        Assert.Equal("tandem", _unit.Single("Service", "LogsDirectory"));
        Assert.Equal("0700", _unit.Single("Service", "LogsDirectoryMode"));
        Assert.Equal("0077", _unit.Single("Service", "UMask"));
        Assert.Empty(_unit.All("Service", "DynamicUser"));
    }

    [Fact]
    public void Unit_IsHardened_WithoutBreakingTheRuntime()
    {
        Assert.Equal("yes", _unit.Single("Service", "NoNewPrivileges"));
        Assert.Equal("strict", _unit.Single("Service", "ProtectSystem"));
        Assert.Equal("yes", _unit.Single("Service", "ProtectHome"));
        Assert.Equal("yes", _unit.Single("Service", "PrivateTmp"));
        Assert.Equal("yes", _unit.Single("Service", "PrivateDevices"));
        Assert.Equal("", _unit.Single("Service", "CapabilityBoundingSet"));
        Assert.Contains("@system-service", _unit.All("Service", "SystemCallFilter"));
        // The .NET JIT maps pages writable, then executable: MemoryDenyWriteExecute=yes kills it at start-up.
        Assert.Empty(_unit.All("Service", "MemoryDenyWriteExecute"));
        // It is a network client of Exchange and serves its panel: no private network.
        Assert.Empty(_unit.All("Service", "PrivateNetwork"));
        Assert.Contains("AF_INET6", _unit.Single("Service", "RestrictAddressFamilies").Split(' '));
    }
}
