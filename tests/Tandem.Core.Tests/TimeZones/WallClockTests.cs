using Tandem.Core.TimeZones;

namespace Tandem.Core.Tests.TimeZones;

public sealed class WallClockTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneResolver.FindZone("Europe/Berlin")!;

    [Fact]
    public void ToInstant_TimeInSpringGap_MovesForwardByTheGap()
    {
        var instant = WallClock.ToInstant(new DateTime(2026, 3, 29, 2, 30, 0), Berlin);
        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0), instant.UtcDateTime);
    }

    [Fact]
    public void ToInstant_AmbiguousAutumnTime_TakesTheFirst()
    {
        var instant = WallClock.ToInstant(new DateTime(2026, 10, 25, 2, 30, 0), Berlin);
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0), instant.UtcDateTime);
    }

    [Fact]
    public void FromInstant_SummerInstant_GivesLocalWallTime()
    {
        var wall = WallClock.FromInstant(new DateTimeOffset(2026, 7, 1, 7, 0, 0, TimeSpan.Zero), Berlin);
        Assert.Equal(new DateTime(2026, 7, 1, 9, 0, 0), wall);
        Assert.Equal(DateTimeKind.Unspecified, wall.Kind);
    }
}
