using Tandem.Core.Items;

namespace Tandem.Connectors.Local;

/// <summary>What one file parsed into: one item, or the reason it cannot be used (file:line: reason).</summary>
internal readonly record struct FileParse(CanonicalItem? Item, string? Error);

/// <summary>Reads and writes the one-item-per-file format of a folder's item kind (.vcf or .ics).</summary>
internal interface IItemFileFormat
{
    /// <summary>Every item (or error) the file holds, in order.</summary>
    IReadOnlyList<FileParse> Read(ReadOnlySpan<byte> data, string fileName);

    string Write(CanonicalItem item);

    /// <summary>Several items as one file (a multi-item member: one VCALENDAR, or cards one after another).</summary>
    string WriteAll(IReadOnlyList<CanonicalItem> items);
}
