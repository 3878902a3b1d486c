using Tandem.State.Tests.Contract;

namespace Tandem.State.Tests.Postgres;

// The contract suite, run against the PostgreSQL provider: one database per test on the run's shared server.

public sealed class PostgresConfigurationTests : ConfigurationContract
{
    private readonly TempPostgresDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();
}

public sealed class PostgresSyncStateTests : SyncStateContract
{
    private readonly TempPostgresDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();
}

public sealed class PostgresConvergedRecordTests : ConvergedRecordContract
{
    private readonly TempPostgresDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();
}

public sealed class PostgresServiceRecordTests : ServiceRecordContract
{
    private readonly TempPostgresDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();
}

public sealed class PostgresHistoryTests : HistoryContract
{
    private readonly TempPostgresDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();
}

public sealed class PostgresAdminTests : AdminContract
{
    private readonly TempPostgresDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();
}
