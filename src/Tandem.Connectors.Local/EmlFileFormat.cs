using System.Text;
using Tandem.Core.Items;
using Tandem.Core.Items.Mail;

namespace Tandem.Connectors.Local;

/// <summary>
/// .eml files: one RFC 5322 message each, byte for byte, with two header lines of Tandem's at the top: its stamp
/// (<c>X-TANDEM-STAMP:</c>) and the categories as <c>Keywords:</c> (RFC 5322 §3.6.5, which Exchange and Thunderbird map to
/// categories and tags). Reading takes both out again, so the message handed on is the one Tandem was given; a message
/// that came with its own Keywords field has them read as its categories.
/// </summary>
internal sealed class EmlFileFormat : IItemFileFormat
{
    private const string Keywords = "Keywords";

    public IReadOnlyList<FileParse> Read(ReadOnlySpan<byte> data, string fileName)
    {
        var (withoutStamp, stampLine) = TakeField(data, ItemStampProperty.Name);
        var (message, keywords) = TakeField(withoutStamp, Keywords);
        if (MimeHeaderReader.Fields(message).Count == 0)
        {
            return [new FileParse(null, $"{fileName}:1: no header fields; not an RFC 5322 message")];
        }
        var item = Message.FromMime(message);
        if (keywords is not null)
        {
            // split before decoding: a category with a comma in it travels as an encoded word
            var value = keywords[(keywords.IndexOf(':', StringComparison.Ordinal) + 1)..];
            item = item with { Categories = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(EncodedWords.Decode).ToValueList() };
        }
        if (stampLine is not null) item = item with { Extras = ValueList<ExtraProperty>.Of(new ExtraProperty(ItemStampProperty.Name, stampLine)) };
        return [new FileParse(item, null)];
    }

    public byte[] Write(CanonicalItem item)
    {
        if (item is not Message message) throw new ArgumentException($"a mail folder cannot hold a {item.Kind}", nameof(item));
        var (mime, _) = TakeField(message.Mime.Span, Keywords);
        var header = new StringBuilder();
        var stamp = item.Extras.FirstOrDefault(e => string.Equals(e.Name, ItemStampProperty.Name, StringComparison.OrdinalIgnoreCase));
        if (stamp is not null) header.Append(stamp.Line).Append("\r\n");
        if (!item.Categories.IsEmpty) header.Append(Keywords).Append(": ").Append(string.Join(", ", item.Categories.Select(Word))).Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(header.ToString()), .. mime];
    }

    public byte[] WriteAll(IReadOnlyList<CanonicalItem> items) =>
        throw new NotSupportedException("a mail folder is a directory of .eml files, one message each");

    /// <summary>A category as a header word: as it is when ASCII without commas, else an RFC 2047 encoded word.</summary>
    private static string Word(string category) => category.All(c => char.IsAscii(c) && !char.IsControl(c) && c != ',')
        ? category
        : "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(category)) + "?=";

    /// <summary>The message without the first header field named <paramref name="name"/> (folded lines included), and that field's unfolded text.</summary>
    private static (byte[] Remainder, string? Field) TakeField(ReadOnlySpan<byte> data, string name)
    {
        var prefix = Encoding.ASCII.GetBytes(name + ":");
        var at = 0;
        while (at < data.Length)
        {
            var length = LineLength(data[at..], out var bare);
            if (bare == 0) break;
            if (bare >= prefix.Length && Ascii.EqualsIgnoreCase(data.Slice(at, prefix.Length), prefix))
            {
                var end = at + length;
                while (end < data.Length && data[end] is (byte)' ' or (byte)'\t') end += LineLength(data[end..], out _);
                var field = Encoding.UTF8.GetString(data[at..end]).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
                return ([.. data[..at], .. data[end..]], field);
            }
            at += length;
        }
        return (data.ToArray(), null);
    }

    /// <summary>The length of the line at the start of <paramref name="data"/> with its line end, and without it (<paramref name="bare"/>).</summary>
    private static int LineLength(ReadOnlySpan<byte> data, out int bare)
    {
        var end = data.IndexOf((byte)'\n');
        var length = end < 0 ? data.Length : end + 1;
        bare = end < 0 ? data.Length : end;
        if (bare > 0 && data[bare - 1] == '\r') bare--;
        return length;
    }
}
