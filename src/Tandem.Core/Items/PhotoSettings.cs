using System.Globalization;
using Tandem.Core.Groups;

namespace Tandem.Core.Items;

/// <summary>
/// How a connection carries contact photos: the connection settings <c>photos</c> (true, the default, or false: photos
/// are left out both ways) and <c>photoMaxKb</c> (the size cap, default 1024 KiB). A photo left out or over the cap is
/// read as <see cref="Photo.IsWithheld"/>: the contact keeps syncing without it, and the store's photo is never touched.
/// </summary>
public sealed record PhotoSettings(bool Include, long MaxBytes)
{
    public const string IncludeKey = "photos";
    public const string MaxKbKey = "photoMaxKb";
    public const int DefaultMaxKb = 1024;

    public static readonly PhotoSettings Default = new(true, DefaultMaxKb * 1024L);

    /// <summary>Whether a photo of <paramref name="bytes"/> bytes is carried.</summary>
    public bool Carries(long bytes) => Include && bytes <= MaxBytes;

    /// <summary>Reads the two settings; a wrong value says which setting and why.</summary>
    public static PhotoSettings From(ConnectionDefinition connection)
    {
        var include = true;
        if (connection.Setting(IncludeKey) is { Length: > 0 } text && !bool.TryParse(text.Trim(), out include))
        {
            throw new ArgumentException($"connection '{connection.Name}': {IncludeKey} '{text}' is not true or false");
        }
        long maxKb = DefaultMaxKb;
        if (connection.Setting(MaxKbKey) is { Length: > 0 } cap
            && (!long.TryParse(cap.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out maxKb) || maxKb < 0 || maxKb > 1024 * 1024))
        {
            throw new ArgumentException($"connection '{connection.Name}': {MaxKbKey} '{cap}' is not a size in KiB from 0 to 1048576");
        }
        return new PhotoSettings(include, maxKb * 1024);
    }
}
