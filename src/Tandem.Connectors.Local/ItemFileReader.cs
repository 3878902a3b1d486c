using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local;

/// <summary>Turns the bytes of one file into a <see cref="RemoteItem"/>: an item, or a reason to quarantine the file.</summary>
internal sealed class ItemFileReader(IItemFileFormat format, ItemKind kind)
{
    public RemoteItem Read(string fileName, ReadOnlySpan<byte> content, FileChangeKey key, DateTimeOffset modified)
    {
        var (item, stamp, error, note) = Parse(fileName, content);
        return new RemoteItem(fileName, key.ToString(), item, stamp, modified, error, note);
    }

    private (CanonicalItem? Item, ItemStamp? Stamp, string? Error, string? Note) Parse(string fileName, ReadOnlySpan<byte> content)
    {
        IReadOnlyList<FileParse> results;
        try
        {
            results = format.Read(content, fileName);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // the codecs report bad input as per-item errors; anything else is still this file's problem, not the folder's
            return (null, null, $"{fileName}:1: {e.Message}", null);
        }
        if (results.Count == 0) return (null, null, $"{fileName}:1: the file holds no {Noun(kind)}", null);
        foreach (var result in results)
        {
            if (result.Item is null) return (null, null, result.Error ?? $"{fileName}:1: unreadable {Noun(kind)}", null);
        }
        if (results.Count > 1)
        {
            return (null, null, $"{fileName}:1: the file holds {results.Count} items; Tandem expects one item per file (split it into one file per item)", null);
        }
        var item = results[0].Item!;
        if (item.Kind != kind) return (null, null, $"{fileName}:1: the file holds a {Noun(item.Kind)}, but this folder holds {Noun(kind)}s", null);
        var (clean, stamp) = ItemStampProperty.Extract(item);
        return (clean, stamp, null, results[0].Note);
    }

    private static string Noun(ItemKind kind) => kind switch
    {
        ItemKind.Contact => "contact",
        ItemKind.Event => "event",
        ItemKind.Task => "task",
        ItemKind.Message => "message",
        _ => "note",
    };
}
