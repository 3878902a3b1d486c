namespace Tandem.Service.Runtime;

/// <summary>
/// Growing delays for a failing group or member: first after <see cref="First"/>, doubling up to <see cref="Max"/>,
/// so a server that is down is not hammered and one that comes back is used again within minutes.
/// </summary>
internal sealed record RetrySchedule(TimeSpan First, TimeSpan Max)
{
    public static readonly RetrySchedule Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

    /// <summary>The delay before attempt number <paramref name="failures"/> + 1 (failures ≥ 1).</summary>
    public TimeSpan After(int failures)
    {
        if (failures <= 0) return TimeSpan.Zero;
        var shift = Math.Min(failures - 1, 30);
        var ticks = First.Ticks * (1L << Math.Min(shift, 20));
        return ticks <= 0 || ticks > Max.Ticks ? Max : TimeSpan.FromTicks(ticks);
    }
}
