namespace Tandem.State;

/// <summary>The names of the service-wide settings kept in the state (<see cref="IServiceRecordStore.GetServiceSettingAsync"/>).</summary>
public static class ServiceSettingKeys
{
    /// <summary>Days of item history kept; when not set, <c>serve --history-days</c> (90 by default) applies.</summary>
    public const string HistoryRetentionDays = "history.retention-days";
}
