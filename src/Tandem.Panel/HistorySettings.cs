using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tandem.Engine.History;
using Tandem.Panel.Security;
using Tandem.Service.Runtime;
using Tandem.State;

namespace Tandem.Panel;

/// <summary>How long item history is kept: the stored value, or the service's <c>--history-days</c> when none is set.</summary>
public sealed record RetentionView(int Days, bool Set, int ServiceDefault);

/// <summary>
/// The item history's retention as the panel and the API change it: kept in the state (<see cref="HistoryRetention"/>),
/// so every node's daily prune uses it; a shorter retention also prunes at once, so what the page says is what is kept.
/// </summary>
public sealed class HistorySettings(IStateStore store, ServiceSettings settings, ItemHistory history, AuditTrail audit)
{
    public async Task<RetentionView> GetAsync(CancellationToken ct)
    {
        var stored = await HistoryRetention.StoredAsync(store, ct).ConfigureAwait(false);
        return new RetentionView(stored ?? settings.HistoryRetentionDays, stored is not null, settings.HistoryRetentionDays);
    }

    /// <summary>Days as typed; empty goes back to the service's default.</summary>
    public async Task<string> SetAsync(HttpContext http, string? days, CancellationToken ct)
    {
        int? value = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(days))
            {
                value = int.TryParse(days.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
                    ? d : throw new FormatException($"history retention: '{days}' is not a whole number of days");
            }
            await HistoryRetention.SetAsync(store, value, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or TandemConfigurationException)
        {
            await audit.RecordAsync(http, "settings.history-retention", "", "failed", e.Message).ConfigureAwait(false);
            throw;
        }
        var effective = value ?? settings.HistoryRetentionDays;
        var pruned = await history.PruneAsync(effective, ct).ConfigureAwait(false);
        await audit.RecordAsync(http, "settings.history-retention", "", "ok", value is null ? $"back to the service's {effective} days" : $"{effective} days").ConfigureAwait(false);
        return $"item history is kept {effective} days{(value is null ? " (the service's default)" : "")}; {pruned} older entries removed";
    }
}
