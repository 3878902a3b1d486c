using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tandem.Lab.Autodiscover;
using Tandem.Lab.Hosting;
using Tandem.Lab.Seed;
using Tandem.Lab.Store;

namespace Tandem.Lab;

/// <summary>
/// The Exchange lab: EWS (/EWS/Exchange.asmx), Autodiscover (POX, SOAP, v2 JSON) with Basic authentication, seeded
/// mailboxes and public folders, optional SQLite persistence, and fault injection (<see cref="Faults"/>, /lab/faults).
/// </summary>
public sealed class LabServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LabContext _lab;
    private bool _stopped;

    private LabServer(WebApplication app, LabContext lab, Graph.GraphFace graph)
    {
        _app = app;
        _lab = lab;
        Graph = graph;
    }

    /// <summary>The Microsoft Graph face at BaseUrl + "v1.0/" (same mailboxes as EWS) and its faults.</summary>
    public Graph.GraphFace Graph { get; }

    /// <summary>The root the lab listens on, e.g. http://127.0.0.1:5080/ (EWS is BaseUrl + "EWS/Exchange.asmx"): the first front end.</summary>
    public Uri BaseUrl => FrontEndUrls[0];

    /// <summary>The base URL of each front end (<see cref="LabOptions.FrontEnds"/>), in order; index i is front end i of the faults.</summary>
    public IReadOnlyList<Uri> FrontEndUrls => _lab.FrontEnds.Urls;

    public Uri EwsUrl => new(BaseUrl, "EWS/Exchange.asmx");

    public LabFaults Faults => _lab.Faults;

    /// <summary>Number of items in the store (for benchmarks and diagnostics).</summary>
    public int ItemCount
    {
        get { return _lab.Store.ItemCount; }
    }

    /// <summary>The most EWS requests for <paramref name="address"/> (as target mailbox) the lab has had in flight at once.</summary>
    public int PeakRequestsInFlight(string address) => _lab.Load.Peak(address);

    /// <summary>Starts <see cref="PeakRequestsInFlight"/> again from the requests in flight now.</summary>
    public void ResetPeakRequestsInFlight(string address) => _lab.Load.ResetPeak(address);

    /// <summary>
    /// Adds a mailbox with the default folders (e.g. the 20 mailboxes of a benchmark). Returns false when it exists.
    /// Also reachable as POST /lab/mailboxes {"address":…,"displayName":…,"password":…}.
    /// </summary>
    public bool AddMailbox(string address, string? displayName = null, string password = "lab", bool canImpersonate = false) =>
        MailboxesEndpoint.Add(_lab, address, displayName, password, canImpersonate);

    public static async Task<LabServer> StartAsync(LabOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new LabStore(options.Time);
        LabDatabase? database = options.DataDirectory is { } dir ? new LabDatabase(dir) : null;
        if (database is not null && !database.IsEmpty)
        {
            database.Load(store);
        }
        else
        {
            LabSeeder.Seed(store, options.Seed);
            database?.Flush(store);
        }

        foreach (var journal in store.Journals(null))
        {
            journal.Dirty.Clear();
        }

        store.TakeEvents(null);

        // Seeding ran alone; from here on requests run in parallel and every change must hold its owner's lock.
        store.Locks.Enforced = true;
        var logger = (options.LoggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger("Tandem.Lab");
        var lab = new LabContext { Store = store, Faults = new LabFaults(Math.Max(1, options.FrontEnds)), Options = options, Database = database, Logger = logger };
        lab.Faults.FrontEndWentDown += lab.Subscriptions.ForgetFrontEnd;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(FrontEnds.ListenUrls(options.Urls, lab.Faults.FrontEnds));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 256L * 1024 * 1024);
        var app = builder.Build();
        app.MapPost("/EWS/Exchange.asmx", (HttpContext http) => EwsEndpoint.HandleAsync(http, lab));
        app.MapMethods("/autodiscover/autodiscover.xml", ["GET", "POST"], (HttpContext http) => AutodiscoverEndpoints.PoxAsync(http, lab));
        app.MapPost("/autodiscover/autodiscover.svc", (HttpContext http) => AutodiscoverEndpoints.SoapAsync(http, lab));
        app.MapGet("/autodiscover/autodiscover.json/v1.0/{email}", (HttpContext http, string email) => AutodiscoverEndpoints.JsonAsync(http, lab, email));
        app.MapMethods("/lab/mailboxes", ["GET", "POST"], (HttpContext http) => MailboxesEndpoint.HandleAsync(http, lab));
        app.MapMethods("/lab/faults", ["GET", "POST", "PUT", "DELETE"], (HttpContext http) => FaultsEndpoint.HandleAsync(http, lab.Faults));
        var graph = Tandem.Lab.Graph.GraphFace.Map(app, lab);
        app.MapGet("/", () => Results.Text("Tandem lab: EWS at /EWS/Exchange.asmx, Autodiscover at /autodiscover/, faults at /lab/faults\n"));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.TrimEnd('/') + "/")).ToList();
        lab.FrontEnds = new FrontEnds(addresses.Take(lab.Faults.FrontEnds).ToList());
        LabLog.Started(logger, addresses[0], options.Seed, options.DataDirectory ?? "(memory)");
        return new LabServer(app, lab, graph);
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _lab.Faults.DropStreamingConnections();
        await _app.StopAsync().ConfigureAwait(false);
        // The listeners are stopped: no request runs any more, so every owner's remaining changes can be written.
        _lab.Database?.Flush(_lab.Store);

        _lab.Database?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
