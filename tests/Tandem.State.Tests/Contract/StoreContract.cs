using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.State.Tests.Contract;

/// <summary>
/// The base of every state store contract class: what a provider's test class supplies. xunit makes one instance per
/// test, so each test gets its own empty storage. The contract classes use nothing but <see cref="IStateStore"/>.
/// </summary>
public abstract class StoreContract : IDisposable
{
    /// <summary>
    /// Opens a store on this test's storage: empty the first time; later calls open the same data again, as a
    /// restarted process would (the test disposes the earlier store first).
    /// </summary>
    protected abstract Task<IStateStore> OpenStoreAsync();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes this test's storage.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    public static ConnectionDefinition Local(string name) => new(name, "local", new Dictionary<string, string> { ["root"] = "/srv/" + name });

    public static GroupDefinition Group(string name, params string[] members) => new()
    {
        Name = name,
        Kind = ItemKind.Contact,
        Members = members.Select(m => new MemberDefinition(FolderRef.Parse(m), MemberRole.TwoWay)).ToValueList(),
    };
}
