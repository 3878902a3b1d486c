using System.Text;
using Tandem.Core.Items;

namespace Tandem.Testing.Items;

public static partial class SampleItems
{
    /// <summary>The text of a small RFC 5322 message with CRLF line ends (Message-ID derived from the subject when not given).</summary>
    public static string MimeText(string subject, string from = "alice@lab.test", string to = "bob@lab.test", string? messageId = null, string body = "Hello.") =>
        $"From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Tue, 03 Mar 2026 09:00:00 +0000\r\n" +
        $"Message-ID: <{messageId ?? Slug(subject) + "@lab.test"}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";

    public static Message Mail(string subject, string from = "alice@lab.test", string to = "bob@lab.test", string? messageId = null, string body = "Hello.") =>
        Message.FromMime(Encoding.UTF8.GetBytes(MimeText(subject, from, to, messageId, body)));

    /// <summary>
    /// A message with what a copy must not lose: an encoded non-ASCII subject, several recipients, a text and an HTML
    /// alternative, a binary attachment and a category.
    /// </summary>
    public static Message FullMessage() => Message.FromMime(Encoding.UTF8.GetBytes(
        "From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe@contoso.com>\r\n" +
        "To: Alice <alice@lab.test>, bob@lab.test\r\nCc: carol@lab.test\r\n" +
        "Subject: =?UTF-8?B?UmVjaG51bmcgZsO8ciBNw6RyeiDigqw=?=\r\n" +
        "Date: Wed, 04 Mar 2026 16:30:00 +0100\r\nMessage-ID: <full-1@contoso.com>\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n" +
        "--outer\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n" +
        "--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße, die Rechnung.\r\n" +
        "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Grüße, <b>die Rechnung</b>.</p>\r\n--alt--\r\n" +
        "--outer\r\nContent-Type: application/pdf; name=\"invoice.pdf\"\r\nContent-Disposition: attachment; filename=\"invoice.pdf\"\r\n" +
        "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDw+PgplbmRvYmoK\r\n--outer--\r\n"))
        with { Categories = ValueList<string>.Of("Finance") };

    private static string Slug(string text) => new(text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
