using System.Text;
using Tandem.Core.Items;
using Tandem.Formats.ICalendar;

namespace Tandem.Connectors.Local;

/// <summary>.ics files; the clock stamps DTSTAMP, which is noise to every reader, but tests control it.</summary>
internal sealed class ICalendarFileFormat(TimeProvider time) : IItemFileFormat
{
    public IReadOnlyList<FileParse> Read(ReadOnlySpan<byte> data, string fileName) =>
        ICalendarCodec.ReadEach(data, fileName).Select(r => new FileParse(r.Value, r.Error?.Message, r.Note)).ToList();

    public byte[] Write(CanonicalItem item) => Encoding.UTF8.GetBytes(ICalendarCodec.Write(item, time));

    public byte[] WriteAll(IReadOnlyList<CanonicalItem> items) => Encoding.UTF8.GetBytes(ICalendarCodec.WriteAll(items, time));
}
