using Tandem.Core.Items;
using Tandem.Formats.ICalendar;

namespace Tandem.Connectors.Local;

internal sealed class ICalendarFileFormat : IItemFileFormat
{
    public static readonly ICalendarFileFormat Instance = new();

    public IReadOnlyList<FileParse> Read(ReadOnlySpan<byte> data, string fileName) =>
        ICalendarCodec.ReadEach(data, fileName).Select(r => new FileParse(r.Value, r.Error?.Message)).ToList();

    public string Write(CanonicalItem item) => ICalendarCodec.Write(item);
}
