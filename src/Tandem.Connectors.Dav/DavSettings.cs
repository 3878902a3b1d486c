using Tandem.Core.Groups;
using Tandem.Formats.VCard;

namespace Tandem.Connectors.Dav;

/// <summary>A dav connection's settings: the server URL discovery starts from, the user, the vCard version written.</summary>
internal sealed record DavSettings(Uri Url, string? User, VCardVersion VCardVersion)
{
    public const string UrlKey = "url";
    public const string UserKey = "user";
    public const string VCardKey = "vcard";
    public const string PasswordSecret = "password";

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
        return new DavSettings(uri, connection.Setting(UserKey), version);
    }
}
