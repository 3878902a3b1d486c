using System.Collections.Concurrent;

namespace Tandem.Lab.Notify;

/// <summary>
/// Open GetStreamingEvents connections per budget. Exchange charges streaming to the target mailbox: a caller acting for
/// itself uses its own budget; an impersonating caller gets "a copy of" the target mailbox's budget, shared by every
/// account impersonating it (ews-throttling, affinity doc Table 1). Keys: the address, plus "/impersonated".
/// </summary>
internal sealed class StreamingBudgets
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public static string Key(string principal, bool impersonated) => impersonated ? principal + "/impersonated" : principal;

    /// <summary>Takes one connection from the budget; false when <paramref name="limit"/> are already open.</summary>
    public bool TryOpen(string key, int limit)
    {
        lock (_lock)
        {
            var open = _open.GetValueOrDefault(key);
            if (open >= limit)
            {
                return false;
            }

            _open[key] = open + 1;
            return true;
        }
    }

    public void Close(string key)
    {
        lock (_lock)
        {
            _open[key] = Math.Max(0, _open.GetValueOrDefault(key) - 1);
        }
    }

    public int Open(string key) => _open.GetValueOrDefault(key);
}
