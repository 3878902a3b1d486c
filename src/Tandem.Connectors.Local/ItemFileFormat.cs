using Tandem.Core.Items;

namespace Tandem.Connectors.Local;

/// <summary>What one file parsed into: one item, or the reason it cannot be used (file:line: reason); and what was odd in it.</summary>
internal readonly record struct FileParse(CanonicalItem? Item, string? Error, string? Note = null);

/// <summary>Reads and writes the one-item-per-file format of a folder's item kind (.vcf, .ics or .eml).</summary>
internal interface IItemFileFormat
{
    /// <summary>Every item (or error) the file holds, in order.</summary>
    IReadOnlyList<FileParse> Read(ReadOnlySpan<byte> data, string fileName);

    /// <summary>The file's bytes: text formats in UTF-8, a message as its own bytes.</summary>
    byte[] Write(CanonicalItem item);

    /// <summary>Several items as one file (a multi-item member: one VCALENDAR, or cards one after another).</summary>
    byte[] WriteAll(IReadOnlyList<CanonicalItem> items);
}
