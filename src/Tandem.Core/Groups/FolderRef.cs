using System.Diagnostics.CodeAnalysis;

namespace Tandem.Core.Groups;

/// <summary>
/// <c>CONNECTION:MAILBOX/Folder/Path</c>, e.g. <c>hq:alice@contoso.com/Contacts/Company</c>;
/// the mailbox <c>public</c> is the public-folder tree (<c>hq:public/Company Contacts</c>).
/// Folder names may contain spaces; '/' separates levels.
/// </summary>
public sealed record FolderRef(string Connection, string Mailbox, string FolderPath)
{
    public const string PublicMailbox = "public";

    public bool IsPublicFolder => string.Equals(Mailbox, PublicMailbox, StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> Segments => FolderPath.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"{Connection}:{Mailbox}/{FolderPath}";

    public static FolderRef Parse(string text) =>
        TryParse(text, out var folder, out var error) ? folder : throw new FormatException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out FolderRef? folder, [NotNullWhen(false)] out string? error)
    {
        folder = null;
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            error = $"folder reference '{text}' has no connection name: expected CONNECTION:MAILBOX/Folder/Path";
            return false;
        }
        var rest = text[(colon + 1)..];
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            error = $"folder reference '{text}' has no mailbox or folder: expected CONNECTION:MAILBOX/Folder/Path";
            return false;
        }
        var path = string.Join('/', rest[(slash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
        if (path.Length == 0)
        {
            error = $"folder reference '{text}' names no folder after the mailbox";
            return false;
        }
        folder = new FolderRef(text[..colon].Trim(), rest[..slash].Trim(), path);
        error = null;
        return true;
    }
}
