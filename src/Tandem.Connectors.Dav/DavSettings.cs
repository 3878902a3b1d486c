using Tandem.Connectors.Dav.Discovery;
using Tandem.Core.Groups;
using Tandem.Formats.VCard;

namespace Tandem.Connectors.Dav;

/// <summary>
/// A dav connection's settings: the server URL discovery starts from, the user, the vCard version written, and the
/// principal and homes discovery found when the connection was added (<see cref="Homes"/>; null: discovered per run).
/// </summary>
internal sealed record DavSettings(Uri Url, string? User, VCardVersion VCardVersion, DavHomes? Homes = null)
{
    public const string UrlKey = "url";
    public const string UserKey = "user";
    public const string VCardKey = "vcard";
    public const string PrincipalKey = "principal";
    public const string CalendarHomeKey = "calendar-home";
    public const string AddressbookHomeKey = "addressbook-home";
    public const string PasswordSecret = "password";

    /// <summary>The settings that save a run the discovery requests: the principal and its homes, as absolute URLs.</summary>
    public static Dictionary<string, string> Of(DavHomes homes)
    {
        var settings = new Dictionary<string, string> { [PrincipalKey] = homes.Principal.ToString() };
        if (homes.CalendarHome is { } calendars) settings[CalendarHomeKey] = calendars.ToString();
        if (homes.AddressbookHome is { } contacts) settings[AddressbookHomeKey] = contacts.ToString();
        return settings;
    }

    public static DavSettings From(ConnectionDefinition connection)
    {
        var url = connection.Setting(UrlKey);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"connection '{connection.Name}': setting '{UrlKey}' must be an http(s) URL of the DAV server (got '{url}')");
        }
        var version = connection.Setting(VCardKey)?.Trim() switch
        {
            null or "" or "3.0" => VCardVersion.V30,
            "4.0" => VCardVersion.V40,
            var other => throw new ArgumentException($"connection '{connection.Name}': setting '{VCardKey}' is '{other}', not 3.0 or 4.0 (CardDAV servers take these two)"),
        };
        return new DavSettings(uri, connection.Setting(UserKey), version, StoredHomes(connection));
    }

    private static DavHomes? StoredHomes(ConnectionDefinition connection)
    {
        Uri? Read(string key)
        {
            var text = connection.Setting(key);
            if (text is null) return null;
            return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? url
                : throw new ArgumentException($"connection '{connection.Name}': setting '{key}' must be an http(s) URL (got '{text}'); remove it and discovery finds it again");
        }
        var principal = Read(PrincipalKey);
        var (calendars, contacts) = (Read(CalendarHomeKey), Read(AddressbookHomeKey));
        return principal is null || calendars is null && contacts is null ? null : new DavHomes(principal, calendars, contacts);
    }
}
