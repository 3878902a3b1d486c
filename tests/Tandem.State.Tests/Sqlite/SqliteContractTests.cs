using Tandem.State.Tests.Contract;

namespace Tandem.State.Tests.Sqlite;

// The contract suite, run against the SQLite provider: one temp database file per test.

public sealed class SqliteConfigurationTests : ConfigurationContract
{
    private readonly TempDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _db.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class SqliteSyncStateTests : SyncStateContract
{
    private readonly TempDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _db.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class SqliteConvergedRecordTests : ConvergedRecordContract
{
    private readonly TempDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _db.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class SqliteServiceRecordTests : ServiceRecordContract
{
    private readonly TempDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _db.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class SqliteHistoryTests : HistoryContract
{
    private readonly TempDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _db.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class SqliteAdminTests : AdminContract
{
    private readonly TempDatabase _db = new();

    protected override Task<IStateStore> OpenStoreAsync() => _db.OpenAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _db.Dispose();
        base.Dispose(disposing);
    }
}
