using Tandem.Testing;

namespace Tandem.Deploy.Tests;

/// <summary>The files under test, read from the checkout (deploy/ is not copied to the output).</summary>
internal static class DeployFiles
{
    public static string Unit => RepositoryRoot.Combine("deploy", "systemd", "tandem.service");

    public static string LinuxInstall => RepositoryRoot.Combine("deploy", "linux", "install.sh");

    public static string LinuxUninstall => RepositoryRoot.Combine("deploy", "linux", "uninstall.sh");

    public static string WindowsInstall => RepositoryRoot.Combine("deploy", "windows", "install.ps1");

    public static string WindowsUninstall => RepositoryRoot.Combine("deploy", "windows", "uninstall.ps1");
}
