using Tandem.Cli.Ews;
using Tandem.Lab;

namespace Tandem.Integration.Tests.Ews;

/// <summary>A demo-seeded lab in the test process (free loopback port, in memory), a raw EWS client on it and a temp directory.</summary>
internal sealed class LabFixture : IAsyncDisposable
{
    private LabFixture(LabServer lab, string directory)
    {
        Lab = lab;
        Directory = directory;
        Ews = new LabEwsClient(lab.EwsUrl);
    }

    public LabServer Lab { get; }

    public LabEwsClient Ews { get; }

    public string Directory { get; }

    public string State => Path.Combine(Directory, "tandem.db");

    public static async Task<LabFixture> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tandem-ews-it-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var lab = await LabServer.StartAsync(new LabOptions { Urls = "http://127.0.0.1:0", Seed = "demo" }, CancellationToken.None);
        return new LabFixture(lab, directory);
    }

    public async Task<string> FolderAsync(string user, string path, bool isPublic = false) =>
        await Ews.FolderIdAsync(user, path, isPublic, CancellationToken.None) ?? throw new InvalidOperationException($"no folder {(isPublic ? "public" : user)}/{path}");

    /// <summary>Contacts of a folder as (display name, job title, e-mail) read through the lab's EWS as <paramref name="user"/>.</summary>
    public async Task<List<(string Name, string Title, string Company)>> ContactsAsync(string user, string path, bool isPublic = false)
    {
        var items = await Ews.ItemsAsync(user, await FolderAsync(user, path, isPublic), ["contacts:DisplayName", "contacts:JobTitle", "contacts:CompanyName"], CancellationToken.None);
        return items.Select(i => (LabEwsClient.Text(i, "DisplayName"), LabEwsClient.Text(i, "JobTitle"), LabEwsClient.Text(i, "CompanyName"))).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Ews.Dispose();
        await Lab.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a killed process may still hold the state file for a moment; temp is cleaned eventually
        }
    }
}
