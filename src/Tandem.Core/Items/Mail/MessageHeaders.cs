namespace Tandem.Core.Items.Mail;

/// <summary>The header fields of a message that filters, matching and logs use, decoded to text.</summary>
public sealed record MessageHeaders(string? Subject, string? From, string? To, string? Cc, DateTimeOffset? Date, string? MessageId)
{
    public static readonly MessageHeaders Empty = new(null, null, null, null, null, null);
}
