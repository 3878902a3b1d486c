using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Time;

namespace Tandem.State.Tests;

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

    // Stands still: timestamps in the state database are then predictable.
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

    public static ConnectionDefinition Local(string name) => new(name, "local", new Dictionary<string, string> { ["root"] = "/srv/" + name });

    public static GroupDefinition Group(string name, params string[] members) => new()
    {
        Name = name,
        Kind = ItemKind.Contact,
        Members = members.Select(m => new MemberDefinition(FolderRef.Parse(m), MemberRole.TwoWay)).ToValueList(),
    };
}
