namespace Tandem.Lab.Tests;

/// <summary>A clock tests move by hand (Microsoft's FakeTimeProvider is not available in this package mirror).</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
