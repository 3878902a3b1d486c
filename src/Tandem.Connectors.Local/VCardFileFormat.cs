using System.Text;
using Tandem.Core.Items;
using Tandem.Formats.VCard;

namespace Tandem.Connectors.Local;

internal sealed class VCardFileFormat(VCardVersion version) : IItemFileFormat
{
    public IReadOnlyList<FileParse> Read(ReadOnlySpan<byte> data, string fileName) =>
        VCardCodec.ReadEach(data, fileName).Select(r => new FileParse(r.Value, r.Error?.Message, r.Note)).ToList();

    public byte[] Write(CanonicalItem item) => item is Contact contact
        ? Encoding.UTF8.GetBytes(VCardCodec.Write(contact, version))
        : throw new ArgumentException($"a contacts folder cannot hold a {item.Kind}", nameof(item));

    public byte[] WriteAll(IReadOnlyList<CanonicalItem> items) =>
        Encoding.UTF8.GetBytes(VCardCodec.WriteAll(items.Select(i => i as Contact ?? throw new ArgumentException($"a contacts file cannot hold a {i.Kind}", nameof(items))), version));

    public static VCardVersion ParseVersion(string? setting) => setting?.Trim() switch
    {
        null or "" or "3.0" or "3" => VCardVersion.V30,
        "4.0" or "4" => VCardVersion.V40,
        "2.1" => VCardVersion.V21,
        _ => throw new ArgumentException($"vcard version '{setting}' is not 2.1, 3.0 or 4.0"),
    };
}
