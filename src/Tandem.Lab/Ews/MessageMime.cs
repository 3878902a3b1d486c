using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// item:MimeContent of messages, as Exchange treats it: CreateItem takes a message as its MIME text (the item's
/// Subject and Internet message id are read from it unless the client set them), GetItem returns it when asked for with
/// IncludeMimeContent or the item:MimeContent path. A message made from properties alone gets MIME rendered from them
/// (From, To, Cc, Subject, Date, Message-ID and the body), as Exchange converts its store to MIME on every read.
/// </summary>
internal static partial class MessageMime
{
    public const string Element = "MimeContent";

    /// <summary>Keeps the MIME text a CreateItem sent, and the header fields Exchange promotes to properties.</summary>
    public static void Absorb(XElement item, List<XElement> props)
    {
        if (item.Element(Ns.T + Element) is not { } mime) return;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(mime.Value.Trim());
        }
        catch (FormatException)
        {
            throw new EwsException("ErrorMimeContentInvalidBase64String", "The MIME content is not a valid base64 string.");
        }

        props.Add(new XElement(Ns.T + Element, Convert.ToBase64String(bytes)));
        var headers = Headers(bytes);
        if (!props.Any(p => p.Name.LocalName == "Subject") && headers.TryGetValue("subject", out var subject))
        {
            props.Add(new XElement(Ns.T + "Subject", Decode(subject).Trim()));
        }

        if (!props.Any(p => p.Name.LocalName == "InternetMessageId") && headers.TryGetValue("message-id", out var id))
        {
            props.Add(new XElement(Ns.T + "InternetMessageId", id.Trim()));
        }
    }

    /// <summary>The item's t:MimeContent: the stored text, or one rendered from its properties.</summary>
    public static XElement Render(LabItem item)
    {
        if (item.Props.TryGetValue(Element, out var stored)) return new XElement(stored);
        var sb = new StringBuilder();
        if (Mailboxes(item, "From") is { Length: > 0 } from) sb.Append("From: ").Append(from).Append("\r\n");
        if (Mailboxes(item, "ToRecipients") is { Length: > 0 } to) sb.Append("To: ").Append(to).Append("\r\n");
        if (Mailboxes(item, "CcRecipients") is { Length: > 0 } cc) sb.Append("Cc: ").Append(cc).Append("\r\n");
        sb.Append("Subject: ").Append(Word(item.Text("Subject") ?? string.Empty)).Append("\r\n");
        sb.Append("Date: ").Append(item.Created.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append("Message-ID: ").Append(item.Text("InternetMessageId") ?? $"<{item.Id.GetHashCode(StringComparison.Ordinal):x8}.{item.CreatedChangeNumber}@lab.test>").Append("\r\n");
        var html = item.Props.TryGetValue("Body", out var body) && string.Equals((string?)body.Attribute("BodyType"), "HTML", StringComparison.OrdinalIgnoreCase);
        sb.Append("MIME-Version: 1.0\r\nContent-Type: text/").Append(html ? "html" : "plain").Append("; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        var text = Convert.ToBase64String(Encoding.UTF8.GetBytes(body?.Value ?? string.Empty));
        for (var i = 0; i < text.Length; i += 76) sb.Append(text, i, Math.Min(76, text.Length - i)).Append("\r\n");
        return new XElement(Ns.T + Element, Convert.ToBase64String(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static string Mailboxes(LabItem item, string name) => item.Props.TryGetValue(name, out var e)
        ? string.Join(", ", e.Descendants(Ns.T + "Mailbox").Select(m =>
        {
            var address = m.Element(Ns.T + "EmailAddress")?.Value ?? string.Empty;
            var display = m.Element(Ns.T + "Name")?.Value;
            return string.IsNullOrEmpty(display) ? address : $"{Word(display)} <{address}>";
        }))
        : string.Empty;

    /// <summary>Text as it may stand in a header: as is when ASCII, else one UTF-8 encoded word (RFC 2047).</summary>
    private static string Word(string text) =>
        text.All(char.IsAscii) ? text : "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";

    /// <summary>The unfolded header fields up to the first empty line, first of each name.</summary>
    private static Dictionary<string, string> Headers(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) end = text.IndexOf("\n\n", StringComparison.Ordinal);
        var unfolded = Regex.Replace(end < 0 ? text : text[..end], @"\r?\n[ \t]", " ");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in unfolded.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) fields.TryAdd(line[..colon].Trim().ToLowerInvariant(), line[(colon + 1)..].TrimEnd('\r'));
        }

        return fields;
    }

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*", RegexOptions.CultureInvariant)]
    private static partial Regex EncodedWord();

    private static string Decode(string value) => EncodedWord().Replace(value, m =>
    {
        try
        {
            var encoding = Encoding.GetEncoding(m.Groups[1].Value);
            var data = m.Groups[3].Value;
            var bytes = m.Groups[2].Value is "B" or "b"
                ? Convert.FromBase64String(data.PadRight(data.Length + ((4 - (data.Length % 4)) % 4), '='))
                : QuotedPrintable(data);
            return encoding.GetString(bytes);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return m.Value;
        }
    });

    private static byte[] QuotedPrintable(string data)
    {
        var bytes = new List<byte>(data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == '_') bytes.Add((byte)' ');
            else if (data[i] == '=' && i + 2 < data.Length) { bytes.Add(byte.Parse(data.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)); i += 2; }
            else bytes.Add((byte)data[i]);
        }

        return bytes.ToArray();
    }
}
