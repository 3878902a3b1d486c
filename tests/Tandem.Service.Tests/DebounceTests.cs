using Tandem.Service.Runtime;

namespace Tandem.Service.Tests;

public sealed class DebounceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NoSignal_NothingIsDue()
    {
        var d = new Debounce(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(2));
        Assert.Null(d.Due);
        Assert.Null(d.FirstSignal);
    }

    [Fact]
    public void Burst_RunsOnceQuietAfterTheLastSignal()
    {
        var d = new Debounce(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(2));
        d.Signal(T0);
        d.Signal(T0.AddMilliseconds(100));
        d.Signal(T0.AddMilliseconds(200));
        Assert.Equal(T0.AddMilliseconds(350), d.Due);
        Assert.Equal(T0, d.FirstSignal);
    }

    [Fact]
    public void SteadyStream_StillRunsAtTheCap()
    {
        var d = new Debounce(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(2));
        for (var ms = 0; ms <= 5000; ms += 100) d.Signal(T0.AddMilliseconds(ms));
        Assert.Equal(T0.AddSeconds(2), d.Due);
    }

    [Fact]
    public void Reset_SignalsAfterwardsStartANewBurst()
    {
        var d = new Debounce(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(2));
        d.Signal(T0);
        d.Reset();
        Assert.Null(d.Due);
        d.Signal(T0.AddSeconds(10));
        Assert.Equal(T0.AddSeconds(10), d.FirstSignal);
        Assert.Equal(T0.AddSeconds(10).AddMilliseconds(150), d.Due);
    }
}
