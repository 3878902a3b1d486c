using Microsoft.Extensions.Time.Testing;

namespace Tandem.Testing.Time;

/// <summary>
/// The one test clock: Microsoft's <see cref="FakeTimeProvider"/> (time moves only when a test advances it, timers fire
/// as it passes their due time), plus a count of armed timers so a test can wait until the code under test is
/// really asleep before it moves time on.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    /// <summary>Where tests start unless they care: a fixed instant, so runs are repeatable.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private int _pending;

    public TestClock()
        : this(DefaultStart)
    {
    }

    public TestClock(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Timers armed and not yet fired, stopped or disposed.</summary>
    public int PendingTimers => Volatile.Read(ref _pending);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var counted = new CountedTimer(this);
        counted.Inner = base.CreateTimer(s => counted.Fired(callback, s), state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        counted.Change(dueTime, period);
        return counted;
    }

    private sealed class CountedTimer(TestClock clock) : ITimer
    {
        private readonly Lock _lock = new();
        private bool _armed;
        private bool _periodic;

        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                SetArmed(dueTime != Timeout.InfiniteTimeSpan);
                _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
            }
            return Inner.Change(dueTime, period);
        }

        public void Fired(TimerCallback callback, object? state)
        {
            lock (_lock)
            {
                if (!_periodic) SetArmed(false);
            }
            callback(state);
        }

        public void Dispose()
        {
            lock (_lock) SetArmed(false);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void SetArmed(bool armed)
        {
            if (armed == _armed) return;
            _armed = armed;
            if (armed) Interlocked.Increment(ref clock._pending);
            else Interlocked.Decrement(ref clock._pending);
        }
    }
}
