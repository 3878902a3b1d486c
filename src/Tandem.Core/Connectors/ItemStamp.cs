namespace Tandem.Core.Connectors;

/// <summary>
/// Tandem's mark on every item it creates (EWS: named extended properties in Tandem's property set;
/// DAV/local: deterministic names plus an X- property). It lets a restarted engine find a create that
/// reached the store before the crash, so nothing is created twice.
/// </summary>
public sealed record ItemStamp(string GroupId, string LogicalId, string IntentKey);
