using Tandem.State.Cluster;
using Tandem.State.Postgres;
using Tandem.State.Tests.Sqlite;
using Tandem.Testing.Servers;

namespace Tandem.State.Tests.Postgres;

/// <summary>
/// A fresh database on the run's shared PostgreSQL server (see <see cref="PostgresServer"/>); the test is skipped, with the
/// reason, when the server cannot run here.
/// </summary>
internal sealed class TempPostgresDatabase
{
    private string? _url;

    public static readonly SecretProtector Secrets = SecretProtector.Open("/nonexistent/tandem-test", "postgres contract test key");

    public PostgresServer? Server { get; private set; }

    public async Task<string> UrlAsync()
    {
        Server ??= await PostgresServer.SharedAsync();
        Skip.If(Server.SkipReason is not null, Server.SkipReason);
        return _url ??= await Server.CreateDatabaseAsync("state");
    }

    public string Name => _url is null ? throw new InvalidOperationException("no database yet") : _url[(_url.LastIndexOf('/') + 1)..];

    public async Task<IStateStore> OpenAsync(ClusterFence? fence = null) =>
        await PostgresStore.OpenAsync(PostgresLocation.Parse(await UrlAsync(), _ => null), TempDatabase.Clock, Secrets, fence, default);
}
