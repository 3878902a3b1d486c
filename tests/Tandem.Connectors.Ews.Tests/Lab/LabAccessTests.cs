using Tandem.Connectors.Ews.Autodiscover;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>Impersonation and Autodiscover against the lab.</summary>
public sealed class LabAccessTests
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    [Fact]
    public async Task OpenFolder_ServiceAccountImpersonatingBob_WritesIntoBobsMailbox()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var service = lab.Connect("tandem@lab.test", impersonation: true);
        await using var session = await service.OpenFolderAsync(FolderRef.Parse("lab:bob@lab.test/Contacts"), ItemKind.Contact, false, Ct);
        var written = await session.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp(), SampleItems.FullContact())], Ct);
        Assert.Equal(WriteOutcome.Ok, written[0].Outcome);
        Assert.Contains(lab.Requests, r => r.Contains("<t:PrimarySmtpAddress>bob@lab.test</t:PrimarySmtpAddress>", StringComparison.Ordinal));

        await using var bob = lab.Connect("bob@lab.test");
        await using var own = await bob.OpenFolderAsync(FolderRef.Parse("lab:bob@lab.test/Contacts"), ItemKind.Contact, false, Ct);
        Assert.Equal(written[0].RemoteId, Assert.Single((await own.ReadChangesAsync(null, Ct)).Upserts).RemoteId);
        lab.AssertRequestsValid();
    }

    [Fact]
    public async Task OpenFolder_ImpersonationWithoutTheRight_IsRefused()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var alice = lab.Connect("alice@lab.test", impersonation: true);
        var error = await Assert.ThrowsAsync<EwsException>(() => alice.OpenFolderAsync(FolderRef.Parse("lab:bob@lab.test/Contacts"), ItemKind.Contact, false, Ct));
        Assert.Contains("Impersonat", error.ResponseCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ByAutodiscover_FindsLabEndpointAndListsFolders()
    {
        await using var lab = await LabFixture.StartAsync();
        await using var connector = lab.Connect(autodiscover: true);
        var folders = await connector.ListFoldersAsync("alice@lab.test", Ct);
        Assert.Contains(folders, f => f.Path == "Contacts");
        // Public-folder content is routed through what Autodiscover said (or the hierarchy routing when it says nothing).
        await using var session = await connector.OpenFolderAsync(FolderRef.Parse("lab:public/Company Contacts"), ItemKind.Contact, false, Ct);
        Assert.Equal(300, (await session.ReadChangesAsync(null, Ct)).Upserts.Count);
        lab.AssertRequestsValid();
    }

    [Theory]
    [InlineData("soap")]
    [InlineData("pox")]
    [InlineData("v2")]
    public async Task Discover_OnlyOneMethodAnswers_FindsEwsUrlWithIt(string method)
    {
        await using var lab = await LabFixture.StartAsync();
        using var handler = new OnlyMethodHandler(method) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } };
        using var http = new HttpClient(handler);
        var client = new AutodiscoverClient(http, new BasicAuth("alice@lab.test", "lab"), lab.Server.BaseUrl, new NoSrv(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var result = await client.DiscoverAsync("alice@lab.test", Ct);
        Assert.Equal(method, result.Method);
        Assert.Equal("/EWS/Exchange.asmx", result.EwsUrl.AbsolutePath, ignoreCase: true);
    }

    /// <summary>Lets one Autodiscover method through to the lab and answers 404 for the others.</summary>
    private sealed class OnlyMethodHandler(string method) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var kind = path.EndsWith(".svc", StringComparison.OrdinalIgnoreCase) ? "soap"
                : path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? "pox"
                : path.Contains("autodiscover.json", StringComparison.OrdinalIgnoreCase) ? "v2" : "other";
            return kind == method || kind == "other"
                ? base.SendAsync(request, cancellationToken)
                : Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NotFound));
        }
    }

    private sealed class NoSrv : ISrvResolver
    {
        public Task<IReadOnlyList<SrvRecord>> ResolveAsync(string name, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SrvRecord>>([]);
    }
}
