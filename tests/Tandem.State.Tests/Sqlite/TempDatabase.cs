using Tandem.State.Sqlite;
using Tandem.Testing.Time;

namespace Tandem.State.Tests.Sqlite;

/// <summary>A fresh state file in its own temp directory, removed afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tandem-state-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Path => System.IO.Path.Combine(Directory, "tandem.db");

    public static readonly TimeProvider Clock = new TestClock(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));

    public Task<IStateStore> OpenAsync() => SqliteStateStore.OpenAsync(Path, Clock, default);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
