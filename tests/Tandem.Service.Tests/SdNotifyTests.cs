using System.Net.Sockets;
using System.Text;
using Tandem.Service.Systemd;

namespace Tandem.Service.Tests;

/// <summary>The sd_notify protocol (man sd_notify) against a datagram socket of the test's own, as systemd would hold it.</summary>
public sealed class SdNotifyTests
{
    [SkippableFact]
    public void Send_DeliversTheStateAsOneDatagram()
    {
        Skip.If(OperatingSystem.IsWindows(), "sd_notify is a Linux protocol");
        var path = Path.Combine(Path.GetTempPath(), "tandem-notify-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        using var manager = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        manager.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            using var notify = SdNotify.FromEnvironment(name => name == "NOTIFY_SOCKET" ? path : null);
            Assert.NotNull(notify);
            Assert.True(notify.Send("READY=1\nSTATUS=syncing"));
            Assert.True(notify.Send("WATCHDOG=1"));
            var buffer = new byte[256];
            manager.ReceiveTimeout = 2000;
            Assert.Equal("READY=1\nSTATUS=syncing", Encoding.UTF8.GetString(buffer, 0, manager.Receive(buffer)));
            Assert.Equal("WATCHDOG=1", Encoding.UTF8.GetString(buffer, 0, manager.Receive(buffer)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromEnvironment_WithoutNotifySocket_IsNull() =>
        Assert.Null(SdNotify.FromEnvironment(_ => null));

    [Theory]
    [InlineData("10000000", null, 5000)]
    [InlineData("10000000", "4242", 5000)]
    [InlineData("10000000", "1", null)]
    [InlineData("0", null, null)]
    [InlineData(null, null, null)]
    [InlineData("abc", null, null)]
    public void WatchdogInterval_IsHalfOfWatchdogUsec_ForThisProcessOnly(string? usec, string? pid, int? expectedMs)
    {
        var interval = SdNotify.WatchdogInterval(name => name switch { "WATCHDOG_USEC" => usec, "WATCHDOG_PID" => pid, _ => null }, 4242);
        Assert.Equal(expectedMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, interval);
    }
}
