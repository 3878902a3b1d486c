namespace Tandem.Service.Runtime;

/// <summary>
/// The process's exit status. A failed background service otherwise stops the host with status 0, and then neither
/// systemd's Restart=on-failure nor the Windows service recovery actions fire (dotnet/runtime#63400).
/// </summary>
public sealed class ServiceExit
{
    private int _code;

    public int Code => Volatile.Read(ref _code);

    public string? Reason { get; private set; }

    public void Fail(string reason)
    {
        Reason ??= reason;
        Interlocked.CompareExchange(ref _code, 1, 0);
    }
}
