namespace Tandem.Service.Attendant;

/// <summary>
/// When the attendant runs Autodiscover again for a connection (pure): when the cached result is a week old, or when a
/// member of that connection fails with a connection error and the cache is more than an hour old. A connection never
/// discovered (no record) counts as old.
/// </summary>
public static class RediscoveryRule
{
    public static bool Due(DateTimeOffset now, DateTimeOffset? discoveredAt, bool failingWithConnectionError, TimeSpan rediscoverAfter, TimeSpan cacheFor)
    {
        var age = discoveredAt is { } at ? now - at : TimeSpan.MaxValue;
        if (age >= cacheFor) return true;
        return failingWithConnectionError && age >= rediscoverAfter;
    }
}
