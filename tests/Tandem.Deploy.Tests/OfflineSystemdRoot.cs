using Tandem.Testing.Processes;

namespace Tandem.Deploy.Tests;

/// <summary>
/// A throwaway file-system root for <c>systemd-analyze --root=</c>, which needs no running systemd: the unit under
/// test in etc/systemd/system, the distribution's own units (the targets it depends on) in usr/lib/systemd/system,
/// and an executable stub at its ExecStart= path (verify rejects a unit whose binary is missing). Built once per run.
/// </summary>
public sealed class OfflineSystemdRoot : IDisposable
{
    private const string SystemUnits = "/usr/lib/systemd/system";

    public OfflineSystemdRoot()
    {
        Analyze = ExternalCommand.Find("systemd-analyze");
        if (Analyze is null)
        {
            SkipReason = "systemd-analyze is not installed (Debian package: systemd)";
            return;
        }
        if (!Directory.Exists(SystemUnits) || !File.Exists(Path.Combine(SystemUnits, "sysinit.target")))
        {
            SkipReason = $"no systemd units in {SystemUnits} to verify against";
            return;
        }
        Directory.CreateDirectory(Path.Combine(Root, "etc", "systemd", "system"));
        CopyTree(SystemUnits, Path.Combine(Root, "usr", "lib", "systemd", "system"));
        File.Copy(DeployFiles.Unit, Path.Combine(Root, "etc", "systemd", "system", "tandem.service"));
        var exec = SystemdUnitFile.Load(DeployFiles.Unit).Single("Service", "ExecStart").Split(' ')[0];
        var stub = Path.Combine(Root, exec.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(stub)!);
        File.WriteAllText(stub, "#!/bin/sh\nexit 0\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("tandem-systemd-").FullName;

    public string? Analyze { get; }

    public string? SkipReason { get; }

    /// <summary>Adds another unit (a deliberately broken copy) beside the real one.</summary>
    public void AddUnit(string name, string text) => File.WriteAllText(Path.Combine(Root, "etc", "systemd", "system", name), text);

    public Task<CommandResult> RunAsync(params string[] args) =>
        ExternalCommand.RunAsync(Analyze!, args, TimeSpan.FromMinutes(2), environment: new Dictionary<string, string>
        {
            // plain output to parse: no pager, no colours
            ["SYSTEMD_PAGER"] = "cat",
            ["SYSTEMD_COLORS"] = "0",
        });

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var dest = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } target) File.CreateSymbolicLink(dest, target);
            else if (entry is DirectoryInfo) CopyTree(entry.FullName, dest);
            else File.Copy(entry.FullName, dest);
        }
    }
}
