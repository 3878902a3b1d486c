using Tandem.Service.Runtime;

namespace Tandem.Service.Tests.Runtime;

public sealed class LatencyWindowTests
{
    [Fact]
    public void Empty_HasNoLastAndNoP95()
    {
        var window = new LatencyWindow();
        Assert.Null(window.Last);
        Assert.Null(window.P95);
    }

    [Fact]
    public void P95_IsTheNearestRank_OverTheKeptValues()
    {
        var window = new LatencyWindow();
        // 1..20 s in a shuffled order: the 95th percentile by nearest rank is the 19th smallest
        foreach (var s in new[] { 7, 3, 20, 1, 15, 9, 2, 18, 11, 5, 13, 4, 19, 6, 16, 8, 12, 10, 17, 14 }) window.Add(TimeSpan.FromSeconds(s));
        Assert.Equal(TimeSpan.FromSeconds(14), window.Last);
        Assert.Equal(TimeSpan.FromSeconds(19), window.P95);
    }

    [Fact]
    public void OldValues_LeaveTheWindow_AfterItsCapacity()
    {
        var window = new LatencyWindow();
        for (var i = 0; i < 10; i++) window.Add(TimeSpan.FromMinutes(10));
        for (var i = 0; i < LatencyWindow.Capacity; i++) window.Add(TimeSpan.FromMilliseconds(200));
        Assert.Equal(TimeSpan.FromMilliseconds(200), window.P95);
        window.Add(TimeSpan.FromSeconds(-1));
        Assert.Equal(TimeSpan.Zero, window.Last);
    }
}
