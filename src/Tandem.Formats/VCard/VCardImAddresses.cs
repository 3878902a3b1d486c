using Tandem.Formats.ContentLines;

namespace Tandem.Formats.VCard;

/// <summary>
/// Instant-messaging addresses. IMPP (3.0/4.0) carries a URI; the older per-network X- properties carry a bare
/// handle, which is given the network's URI scheme so that the network is not forgotten.
/// </summary>
internal static class VCardImAddresses
{
    public static bool IsImProperty(string name) => name is "IMPP" or "X-MS-IMADDRESS" || SchemeFor(name) is not null;

    public static string? Read(ContentLine line)
    {
        var value = TextValue.Unescape(line.RawValue).Trim();
        if (value.Length == 0) return null;
        var scheme = SchemeFor(line.Name);
        if (scheme is null || HasScheme(value)) return value;
        return scheme + ":" + value;
    }

    /// <summary>True when the address is already a URI ("xmpp:alice@example.com"), so IMPP can carry it.</summary>
    public static bool HasScheme(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return false;
        for (var i = 0; i < colon; i++)
        {
            var c = value[i];
            if (!(char.IsAsciiLetter(c) || (i > 0 && (char.IsAsciiDigit(c) || c is '+' or '-' or '.')))) return false;
        }
        return true;
    }

    private static string? SchemeFor(string name) => name switch
    {
        "X-AIM" => "aim",
        "X-JABBER" or "X-GTALK" or "X-GOOGLE-TALK" => "xmpp",
        "X-ICQ" => "icq",
        "X-MSN" => "msnim",
        "X-YAHOO" => "ymsgr",
        "X-SKYPE" or "X-SKYPE-USERNAME" => "skype",
        "X-QQ" => "qq",
        "X-GADUGADU" => "gg",
        "X-GROUPWISE" => "groupwise",
        _ => null,
    };
}
