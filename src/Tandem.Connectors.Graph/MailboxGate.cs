using System.Collections.Concurrent;

namespace Tandem.Connectors.Graph;

/// <summary>
/// At most N requests in flight per mailbox (Exchange Online answers 429 "MailboxConcurrency" beyond 4), shared by every
/// folder session of one connector.
/// </summary>
internal sealed class MailboxGate(int perMailbox) : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    public async Task<T> RunAsync<T>(string mailbox, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(mailbox, _ => new SemaphoreSlim(perMailbox, perMailbox));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }
}
