using System.Text.Json;

namespace Tandem.Connectors.Local.Feed;

/// <summary>
/// What a feed member remembers between reads, carried in its sync token: the validators of the last response
/// (so an unchanged feed answers 304 and costs no parsing) and each item's change key (so a changed feed yields
/// only its changed items and its removals).
/// </summary>
internal sealed record FeedToken(string? ETag, string? LastModified, Dictionary<string, string> Items)
{
    private const string Prefix = "feed1:";

    public string Encode() => Prefix + JsonSerializer.Serialize(this);

    public static FeedToken? Decode(string? token)
    {
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        try
        {
            return JsonSerializer.Deserialize<FeedToken>(token.AsSpan(Prefix.Length));
        }
        catch (JsonException)
        {
            return null; // a damaged token reads the feed afresh (a complete listing), it never infers deletions
        }
    }
}
