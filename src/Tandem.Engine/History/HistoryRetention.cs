using System.Globalization;
using Tandem.State;

namespace Tandem.Engine.History;

/// <summary>
/// How many days of item history are kept: the value set in the panel or the API
/// (kept in the state, so every node and the daily prune see it), else the service's <c>--history-days</c>.
/// </summary>
public static class HistoryRetention
{
    public const int MaxDays = 3650;

    /// <summary>The stored value, or null when none is set (or it is unreadable: the fallback applies then).</summary>
    public static async Task<int?> StoredAsync(IStateStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var text = await store.GetServiceSettingAsync(ServiceSettingKeys.HistoryRetentionDays, ct).ConfigureAwait(false);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaxDays ? days : null;
    }

    public static async Task<int> DaysAsync(IStateStore store, int fallback, CancellationToken ct) =>
        await StoredAsync(store, ct).ConfigureAwait(false) ?? fallback;

    /// <summary>Stores the retention (null: back to the service's default); a value out of range says which and why.</summary>
    public static Task SetAsync(IStateStore store, int? days, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (days is { } d && d is < 1 or > MaxDays)
            throw new TandemConfigurationException($"history retention: {d} days is not between 1 and {MaxDays}");
        return store.SetServiceSettingAsync(ServiceSettingKeys.HistoryRetentionDays, days?.ToString(CultureInfo.InvariantCulture), ct);
    }
}
