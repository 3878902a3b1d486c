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

    private static string Slug(string text) => new(text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
