using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Tandem.Lab.Ews;
using Tandem.Lab.Hosting;
using Tandem.Lab.Soap;

namespace Tandem.Lab.Notify;

/// <summary>
/// GetStreamingEvents: one chunked HTTP response carrying a sequence of complete SOAP envelopes — notifications as they
/// happen (with m:Notification, as Exchange sends it on the wire), heartbeats with ConnectionStatus OK when idle, and a
/// final ConnectionStatus Closed when ConnectionTimeout (minutes) expires. The drop-streams fault aborts the connection.
/// </summary>
internal static class StreamingConnection
{
    public static async Task RunAsync(HttpContext http, EwsCall call, LabContext lab, string request)
    {
        var ids = call.Child("SubscriptionIds")!.Elements().Select(e => e.Value.Trim()).ToList();
        var minutes = int.Parse(call.Child("ConnectionTimeout")!.Value, CultureInfo.InvariantCulture);
        var subscriptions = new List<Subscription>();
        var bad = new List<string>();
        foreach (var id in ids)
        {
            var s = lab.Subscriptions.Find(id);
            if (s is { Streaming: true } && !s.IsExpired(lab.Options.Time.GetUtcNow()) && string.Equals(s.Owner, call.Principal.Address, StringComparison.OrdinalIgnoreCase))
            {
                subscriptions.Add(s);
            }
            else
            {
                bad.Add(id);
            }
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/xml; charset=utf-8";
        if (bad.Count > 0)
        {
            var error = SoapWriter.Error("GetStreamingEvents", NotificationOperations.NotFound(),
                new XElement(Ns.M + "ErrorSubscriptionIds", bad.Select(b => new XElement(Ns.T + "SubscriptionId", b))),
                new XElement(Ns.M + "ConnectionStatus", "Closed"));
            await WriteEnvelopeAsync(http, lab, request, error, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var time = lab.Options.Time;
        foreach (var s in subscriptions)
        {
            Interlocked.Increment(ref s.Connections);
        }

        try
        {
            await StreamAsync(http, call, lab, request, subscriptions, minutes).ConfigureAwait(false);
        }
        finally
        {
            foreach (var s in subscriptions)
            {
                Interlocked.Decrement(ref s.Connections);
                s.LastActivity = time.GetUtcNow();
            }
        }
    }

    private static async Task StreamAsync(HttpContext http, EwsCall call, LabContext lab, string request, List<Subscription> subscriptions, int minutes)
    {
        var time = lab.Options.Time;
        var deadline = time.GetUtcNow() + TimeSpan.FromMinutes(minutes);
        var envelopes = 0;
        var dropped = lab.Faults.StreamsToken;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, dropped);
        var token = linked.Token;
        try
        {
            await http.Response.StartAsync(token).ConfigureAwait(false);
            while (true)
            {
                var signals = subscriptions.Select(s => s.Signal).ToList();
                var notifications = new List<XElement>();
                foreach (var s in subscriptions)
                {
                    var events = s.TakeAll();
                    if (events.Count > 0)
                    {
                        notifications.Add(new XElement(Ns.M + "Notification", new XElement(Ns.T + "SubscriptionId", s.Id), events));
                    }
                }

                if (notifications.Count > 0)
                {
                    await WriteEnvelopeAsync(http, lab, request, SoapWriter.Success("GetStreamingEvents", new XElement(Ns.M + "Notifications", notifications)), token).ConfigureAwait(false);
                    envelopes++;
                    continue;
                }

                var remaining = deadline - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    await WriteEnvelopeAsync(http, lab, request, SoapWriter.Success("GetStreamingEvents", new XElement(Ns.M + "ConnectionStatus", "Closed")), token).ConfigureAwait(false);
                    LabLog.StreamEnded(lab.Logger, call.Principal.Address, envelopes + 1, "ConnectionTimeout");
                    return;
                }

                var wait = remaining < lab.Options.StreamingHeartbeat ? remaining : lab.Options.StreamingHeartbeat;
                var delay = Task.Delay(wait, time, token);
                var woke = await Task.WhenAny(signals.Append(delay)).ConfigureAwait(false);
                token.ThrowIfCancellationRequested();
                if (woke == delay && time.GetUtcNow() < deadline)
                {
                    await WriteEnvelopeAsync(http, lab, request, SoapWriter.Success("GetStreamingEvents", new XElement(Ns.M + "ConnectionStatus", "OK")), token).ConfigureAwait(false);
                    envelopes++;
                }
            }
        }
        catch (OperationCanceledException) when (dropped.IsCancellationRequested || token.IsCancellationRequested)
        {
            // A dropped connection (fault) is a reset, not a clean close; a client that went away needs nothing more.
            LabLog.StreamEnded(lab.Logger, call.Principal.Address, envelopes, dropped.IsCancellationRequested ? "dropped by fault" : "client went away");
            http.Abort();
        }
    }

    private static async Task WriteEnvelopeAsync(HttpContext http, LabContext lab, string request, XElement message, CancellationToken token)
    {
        var envelope = EwsEndpoint.Serialize(SoapWriter.Envelope(SoapWriter.Response("GetStreamingEvents", [message])));
        await http.Response.WriteAsync(envelope, token).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(token).ConfigureAwait(false);
        lab.Options.OnExchange?.Invoke(new LabExchange(http.Request.Path, "GetStreamingEvents", request, envelope, StatusCodes.Status200OK));
    }
}
