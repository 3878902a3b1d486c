namespace Tandem.Engine.Tests.Fakes;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public DateTimeOffset Advance(TimeSpan by) => _now += by;

    /// <summary>The current time shifted (for edits stamped in the past).</summary>
    public DateTimeOffset Now(TimeSpan offset) => _now + offset;

    public DateTimeOffset Tick() => Advance(TimeSpan.FromSeconds(1));
}
