using System.Text;
using System.Text.RegularExpressions;

namespace Tandem.Connectors.Ews.Notifications;

/// <summary>
/// GetStreamingEvents answers with one chunked HTTP response holding a sequence of complete SOAP
/// envelopes written over time. This cuts the text stream into envelopes, tolerating XML declarations
/// and whitespace between them (ews-notes.md §1.6).
/// </summary>
internal sealed partial class EnvelopeSplitter
{
    private readonly StringBuilder _buffer = new();

    public IEnumerable<string> Push(string text)
    {
        _buffer.Append(text);
        while (true)
        {
            var current = _buffer.ToString();
            var end = EnvelopeEnd().Match(current);
            if (!end.Success) yield break;
            var stop = end.Index + end.Length;
            var envelope = current[..stop];
            _buffer.Remove(0, stop);
            var start = envelope.IndexOf('<', StringComparison.Ordinal);
            if (start >= 0) yield return envelope[start..];
        }
    }

    [GeneratedRegex(@"</(?:[A-Za-z_][\w.-]*:)?Envelope\s*>")]
    private static partial Regex EnvelopeEnd();
}
