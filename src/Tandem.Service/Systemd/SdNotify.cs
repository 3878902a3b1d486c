using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Tandem.Service.Systemd;

/// <summary>
/// The sd_notify protocol (man sd_notify): datagrams such as "READY=1", "WATCHDOG=1", "STOPPING=1" sent to the Unix
/// socket named by $NOTIFY_SOCKET ("@name" is an abstract socket). Microsoft.Extensions.Hosting.Systemd sends only
/// READY and STOPPING and never feeds the watchdog, so the service speaks the protocol itself.
/// </summary>
public sealed class SdNotify : IDisposable
{
    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _endpoint;
    private readonly Lock _lock = new();

    private SdNotify(string path)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _endpoint = new UnixDomainSocketEndPoint(path.StartsWith('@') ? "\0" + path[1..] : path);
    }

    /// <summary>The notifier for $NOTIFY_SOCKET, or null when the process does not run under a service manager that asks for it.</summary>
    public static SdNotify? FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (OperatingSystem.IsWindows()) return null;
        var path = environment("NOTIFY_SOCKET");
        return string.IsNullOrEmpty(path) ? null : new SdNotify(path);
    }

    /// <summary>
    /// How often to send WATCHDOG=1: half of $WATCHDOG_USEC, as sd_watchdog_enabled(3) recommends; null when no watchdog
    /// is configured or it is meant for another process ($WATCHDOG_PID).
    /// </summary>
    public static TimeSpan? WatchdogInterval(Func<string, string?> environment, int processId)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!long.TryParse(environment("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec <= 0) return null;
        if (environment("WATCHDOG_PID") is { Length: > 0 } pid && pid != processId.ToString(CultureInfo.InvariantCulture)) return null;
        return TimeSpan.FromTicks(usec * 10 / 2);
    }

    /// <summary>Sends one state message; false when the manager's socket is gone (nothing to do about it).</summary>
    public bool Send(string state)
    {
        try
        {
            lock (_lock) _socket.SendTo(Encoding.UTF8.GetBytes(state), _endpoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();
}
