namespace Tandem.State;

/// <summary>
/// Everything Tandem persists: the configuration (<see cref="IConfigurationStore"/>) and each group's hub state
/// (<see cref="IGroupStateStore"/>), in one place that is opened and disposed as a whole. A provider (SQLite today,
/// PostgreSQL later) implements this one interface and passes the contract tests in Tandem.State.Tests.
/// </summary>
public interface IStateStore : IConfigurationStore, IGroupStateStore, IServiceRecordStore, IItemHistoryStore, Admin.IAdminStore, IAsyncDisposable;
