namespace Tandem.Formats.VCard;

/// <summary>
/// Where one BEGIN:VCARD … END:VCARD block lies in the file (byte offsets and its first physical line), or,
/// when <see cref="Error"/> is set, a stretch of the file that is not a card.
/// </summary>
internal readonly record struct CardSegment(int Start, int Length, int FirstLine, string? Error);
