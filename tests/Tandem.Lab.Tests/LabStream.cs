using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Tandem.Testing.Ews;

namespace Tandem.Lab.Tests;

/// <summary>One raw GetStreamingEvents connection read envelope by envelope (each checked against the schemas).</summary>
internal sealed class LabStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly StringBuilder _pending = new();

    private LabStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static string Body(IEnumerable<string> ids, int minutes = 5, string? impersonate = null) =>
        LabHarness.Envelope($"<m:GetStreamingEvents><m:SubscriptionIds>{string.Concat(ids.Select(i => $"<t:SubscriptionId>{i}</t:SubscriptionId>"))}</m:SubscriptionIds><m:ConnectionTimeout>{minutes}</m:ConnectionTimeout></m:GetStreamingEvents>", impersonate);

    public static async Task<LabStream> OpenAsync(LabHarness lab, IEnumerable<string> ids, string user = "alice@lab.test", string? impersonate = null, Uri? ews = null)
    {
        using var request = LabHarness.Request(Body(ids, impersonate: impersonate), ews ?? lab.Ews, user);
        var response = await lab.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new LabStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next envelope, or null when the stream ended cleanly.</summary>
    public async Task<XDocument?> NextAsync()
    {
        var buffer = new char[4096];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf("</s:Envelope>", StringComparison.Ordinal);
            if (end >= 0)
            {
                var envelope = text[..(end + "</s:Envelope>".Length)];
                _pending.Remove(0, envelope.Length);
                EwsSchema.AssertValid(envelope, "streamed envelope");
                return XDocument.Parse(envelope[envelope.IndexOf("<s:Envelope", StringComparison.Ordinal)..]);
            }

            var n = await _reader.ReadAsync(buffer);
            if (n == 0)
            {
                return null;
            }

            _pending.Append(buffer, 0, n);
        }
    }

    /// <summary>Reads envelopes until one holds a response message matching <paramref name="match"/>.</summary>
    public async Task<XElement> UntilAsync(Func<XElement, bool> match)
    {
        while (await NextAsync() is { } doc)
        {
            if (doc.Descendants(LabHarness.M + "GetStreamingEventsResponseMessage").FirstOrDefault(match) is { } found)
            {
                return found;
            }
        }

        throw new Xunit.Sdk.XunitException("the stream ended before the expected envelope");
    }

    public static string Code(XElement message) => message.Element(LabHarness.M + "ResponseCode")!.Value;

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
