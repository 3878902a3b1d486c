namespace Tandem.Connectors.Dav.Sessions;

public enum DavTokenMode { SyncCollection, Ctag }

/// <summary>
/// The sync token Tandem stores for a DAV folder: the collection's URL path (so a later run reads it without
/// discovery), whether the server does RFC 6578 sync-collection or only getctag, the server's token or ctag, and the
/// writes Tandem made since that server token (<see cref="OwnWrites"/>; empty for a token straight from the server).
/// </summary>
internal sealed record DavToken(string CollectionPath, DavTokenMode Mode, string Value, OwnWrites? Own = null)
{
    private const string Prefix = "dav1";

    public override string ToString()
    {
        var text = string.Join(' ', Prefix, Mode == DavTokenMode.SyncCollection ? "sync" : "ctag", Uri.EscapeDataString(CollectionPath), Uri.EscapeDataString(Value));
        return Own is { IsEmpty: false } own ? text + " " + own : text;
    }

    /// <summary>Null for a token this connector did not write (a full read follows, as for no token).</summary>
    public static DavToken? Parse(string? text)
    {
        var parts = text?.Split(' ');
        if (parts is not { Length: 4 or 5 } || parts[0] != Prefix || parts[1] is not ("sync" or "ctag")) return null;
        OwnWrites? own = null;
        if (parts.Length == 5 && !OwnWrites.TryParse(parts[4], out own)) return null;
        return new DavToken(Uri.UnescapeDataString(parts[2]), parts[1] == "sync" ? DavTokenMode.SyncCollection : DavTokenMode.Ctag, Uri.UnescapeDataString(parts[3]), own);
    }
}
