using System.Text.Json.Serialization;
using Tandem.Core.Items.Mail;

namespace Tandem.Core.Items;

/// <summary>
/// A mail message. Its content is the whole RFC 5322 message (base64 of the bytes, as EWS's MimeContent carries it), so
/// a copy loses nothing a MIME reader would see: bodies, attachments, every header. The header fields filters and logs
/// need are read from it and shown in the item's JSON form (so a rule can say <c>"field": "Subject"</c>); they cannot be
/// set on their own, because a copy never rewrites a message.
/// </summary>
public sealed record Message : CanonicalItem
{
    private readonly string _mimeContent = string.Empty;
    private readonly MessageHeaders _headers = MessageHeaders.Empty;

    public override ItemKind Kind => ItemKind.Message;

    /// <summary>The message's bytes in base64.</summary>
    public string MimeContent
    {
        get => _mimeContent;
        init
        {
            _mimeContent = value ?? string.Empty;
            _headers = MimeHeaderReader.Read(Mime.Span);
        }
    }

    /// <summary>The message's bytes (an .eml file's content).</summary>
    [JsonIgnore]
    public ReadOnlyMemory<byte> Mime => _mimeContent.Length == 0 ? ReadOnlyMemory<byte>.Empty : Convert.FromBase64String(_mimeContent);

    public string? Subject => _headers.Subject;

    /// <summary>The From header as text (<c>Alice Smith &lt;alice@contoso.com&gt;</c>), encoded words decoded.</summary>
    public string? From => _headers.From;

    public string? To => _headers.To;

    public string? Cc => _headers.Cc;

    public DateTimeOffset? Date => _headers.Date;

    /// <summary>The Message-ID without its angle brackets: what makes two copies of one message the same message.</summary>
    public string? MessageId => _headers.MessageId;

    public override string Title => string.IsNullOrWhiteSpace(Subject) ? "(no subject)" : Subject!;

    public static Message FromMime(ReadOnlySpan<byte> mime) => new() { MimeContent = Convert.ToBase64String(mime) };
}
