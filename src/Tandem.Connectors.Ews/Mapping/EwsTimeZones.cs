using Tandem.Core.Items;
using Tandem.Core.TimeZones;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>EWS's names for <see cref="ExchangeZones"/> (shared with the Graph connector).</summary>
internal static class EwsTimeZones
{
    public const string UtcWindowsId = ExchangeZones.UtcWindowsId;

    public static string ToWindows(string? ianaOrNull) => ExchangeZones.ToWindows(ianaOrNull);

    public static string ToIana(string? windowsId) => ExchangeZones.ToIana(windowsId);

    public static DateTimeOffset ToInstant(ItemTime time) => ExchangeZones.ToInstant(time);

    public static ItemTime FromInstant(DateTimeOffset instant, string iana) => ExchangeZones.FromInstant(instant, iana);
}
