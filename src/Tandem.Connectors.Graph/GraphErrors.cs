using Microsoft.Graph.Models.ODataErrors;

namespace Tandem.Connectors.Graph;

/// <summary>How Graph's errors are told apart.</summary>
internal static class GraphErrors
{
    /// <summary>
    /// The delta token is gone: 410 Gone (a reset) or a 4xx syncStateNotFound / resyncRequired (evicted from Exchange's
    /// cache). Either way the answer is a new initial round, reconciled by ids and stamps.
    /// </summary>
    public static bool IsLostToken(ODataError e) =>
        e.ResponseStatusCode == 410
        || (e.ResponseStatusCode is >= 400 and < 500 && e.Error?.Code is { } code
            && (code.Equals("syncStateNotFound", StringComparison.OrdinalIgnoreCase) || code.Equals("resyncRequired", StringComparison.OrdinalIgnoreCase)
                || code.Equals("SyncStateInvalid", StringComparison.OrdinalIgnoreCase)));

    public static string Describe(ODataError e) => $"{e.ResponseStatusCode} {e.Error?.Code}: {e.Error?.Message}";

    /// <summary>Graph's error body for any status, for requests sent through the adapter directly.</summary>
    public static readonly Dictionary<string, Microsoft.Kiota.Abstractions.Serialization.ParsableFactory<Microsoft.Kiota.Abstractions.Serialization.IParsable>> Mapping = new()
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };
}
