using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// item:MimeContent given to CreateItem for a message, as Exchange takes it: the message is made from its MIME text (the
/// item's Subject, Internet message id, From, To, Cc, DateTimeSent and Body are read from it unless the client set
/// them; the body is the HTML alternative when there is one, else the plain text), and GetItem returns that text
/// when asked for with IncludeMimeContent or the item:MimeContent path. A message made from properties alone has its
/// MIME rendered from them (<see cref="MimeRenderer"/>).
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

        foreach (var (header, element) in new[] { ("from", "From"), ("to", "ToRecipients"), ("cc", "CcRecipients") })
        {
            if (props.Any(p => p.Name.LocalName == element) || !headers.TryGetValue(header, out var list)) continue;
            var mailboxes = MimeAddresses.Parse(list).Select(a => new XElement(Ns.T + "Mailbox",
                a.Name is { Length: > 0 } name ? new XElement(Ns.T + "Name", Decode(name)) : null,
                new XElement(Ns.T + "EmailAddress", a.Address), new XElement(Ns.T + "RoutingType", "SMTP"))).ToList();
            if (mailboxes.Count > 0) props.Add(new XElement(Ns.T + element, element == "From" ? mailboxes[0] : mailboxes));
        }

        if (!props.Any(p => p.Name.LocalName == "DateTimeSent") && headers.TryGetValue("date", out var date)
            && DateTimeOffset.TryParse(Regex.Replace(date, @"\s*\([^)]*\)\s*$", string.Empty), CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var sent))
        {
            props.Add(new XElement(Ns.T + "DateTimeSent", ItemRenderer.Time(sent)));
        }

        if (!props.Any(p => p.Name.LocalName == "Body") && MimeBody.Find(bytes) is { } body)
        {
            props.Add(new XElement(Ns.T + "Body", new XAttribute("BodyType", body.Html ? "HTML" : "Text"), body.Text));
        }
    }

    /// <summary>The MIME text a message was created from, which Exchange returns as it was given; null for other items.</summary>
    public static XElement? Stored(LabItem item) => item.Props.TryGetValue(Element, out var stored) ? new XElement(stored) : null;

    /// <summary>The unfolded header fields up to the first empty line, first of each name.</summary>
    private static Dictionary<string, string> Headers(byte[] bytes) => Headers(Encoding.UTF8.GetString(bytes));

    /// <summary>The unfolded header fields of a message or body part, up to its first empty line, first of each name.</summary>
    public static Dictionary<string, string> Headers(string text)
    {
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
