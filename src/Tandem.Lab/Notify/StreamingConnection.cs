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
/// Limits as Exchange enforces them: at most <see cref="MaxSubscriptionIds"/> ids per request, at most
/// HangingConnectionLimit open connections per budget (ErrorExceededConnectionCount). A subscription is read by one
/// connection at a time: a newer connection takes it over and the older one hears ErrorNewEventStreamConnectionOpened.
/// Events leave a subscription's queue only once a later write on the same connection succeeded (or its clean close went
/// out): an event written to a connection the client had already closed is delivered again on the next connection.
/// </summary>
internal static class StreamingConnection
{
    public const int MaxSubscriptionIds = 200;

    public static async Task RunAsync(HttpContext http, EwsCall call, LabContext lab, string request)
    {
        var ids = call.Child("SubscriptionIds")!.Elements().Select(e => e.Value.Trim()).ToList();
        var minutes = int.Parse(call.Child("ConnectionTimeout")!.Value, CultureInfo.InvariantCulture);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/xml; charset=utf-8";
        if (ids.Count > MaxSubscriptionIds)
        {
            await RefuseAsync(http, lab, request, new EwsException("ErrorInvalidRequest", $"A GetStreamingEvents request can name at most {MaxSubscriptionIds} subscriptions."), []).ConfigureAwait(false);
            return;
        }

        var malformed = ids.Where(id => !NotificationOperations.IsWellFormed(id)).ToList();
        if (malformed.Count > 0)
        {
            await RefuseAsync(http, lab, request, NotificationOperations.Malformed(), malformed).ConfigureAwait(false);
            return;
        }

        var now = lab.Options.Time.GetUtcNow();
        var subscriptions = new List<Subscription>();
        var bad = new List<string>();
        foreach (var id in ids)
        {
            var s = lab.Subscriptions.Find(id);
            if (s is { Streaming: true } && !s.IsExpired(now) && string.Equals(s.Creator, call.Caller.Address, StringComparison.OrdinalIgnoreCase))
            {
                subscriptions.Add(s);
            }
            else
            {
                bad.Add(id);
            }
        }

        if (bad.Count > 0)
        {
            await RefuseAsync(http, lab, request, NotificationOperations.NotFound(), bad).ConfigureAwait(false);
            return;
        }

        var budget = call.Budget;
        if (!lab.Budgets.TryOpen(budget, lab.Options.HangingConnectionLimit))
        {
            LabLog.EwsRefused(lab.Logger, "GetStreamingEvents", call.Caller.Address, "ErrorExceededConnectionCount");
            await RefuseAsync(http, lab, request, new EwsException("ErrorExceededConnectionCount",
                $"You have exceeded the available concurrent connections ({lab.Options.HangingConnectionLimit}) for your account."), []).ConfigureAwait(false);
            return;
        }

        var reader = new object();
        var time = lab.Options.Time;
        foreach (var s in subscriptions)
        {
            Interlocked.Increment(ref s.Connections);
            s.Claim(reader);
        }

        try
        {
            await StreamAsync(http, call, lab, request, reader, subscriptions, minutes).ConfigureAwait(false);
        }
        finally
        {
            lab.Budgets.Close(budget);
            foreach (var s in subscriptions)
            {
                s.Release(reader);
                Interlocked.Decrement(ref s.Connections);
                s.LastActivity = time.GetUtcNow();
            }
        }
    }

    private static Task RefuseAsync(HttpContext http, LabContext lab, string request, EwsException error, List<string> ids) =>
        WriteEnvelopeAsync(http, lab, request, SoapWriter.Error("GetStreamingEvents", error,
            ids.Count == 0 ? null : new XElement(Ns.M + "ErrorSubscriptionIds", ids.Select(b => new XElement(Ns.T + "SubscriptionId", b))),
            new XElement(Ns.M + "ConnectionStatus", "Closed")), CancellationToken.None);

    private static async Task StreamAsync(HttpContext http, EwsCall call, LabContext lab, string request, object reader, List<Subscription> all, int minutes)
    {
        var time = lab.Options.Time;
        var deadline = time.GetUtcNow() + TimeSpan.FromMinutes(minutes);
        var envelopes = 0;
        var owned = new List<Subscription>(all);
        var unconfirmed = new List<(Subscription, long)>();
        var dropped = lab.Faults.StreamsToken(call.FrontEnd);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, dropped);
        var token = linked.Token;
        try
        {
            await http.Response.StartAsync(token).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(token).ConfigureAwait(false); // headers out now: the client knows it is connected
            while (true)
            {
                if (await ReleaseLostAsync(http, lab, request, reader, owned, unconfirmed, token).ConfigureAwait(false))
                {
                    envelopes++;
                    if (owned.Count == 0)
                    {
                        LabLog.StreamEnded(lab.Logger, call.Principal.Address, envelopes, "no subscription left");
                        return;
                    }
                }

                // Signals first, then the queues: an event added in between fires a signal we already hold.
                var signals = owned.Select(s => s.Signal).ToList();
                var notifications = new List<XElement>();
                var acknowledge = new List<(Subscription, long)>();
                foreach (var s in owned)
                {
                    var (events, last) = s.PeekUnsent();
                    if (events.Count > 0)
                    {
                        notifications.Add(new XElement(Ns.M + "Notification", new XElement(Ns.T + "SubscriptionId", s.Id), events));
                        acknowledge.Add((s, last));
                    }
                }

                if (notifications.Count > 0)
                {
                    await WriteConfirmingAsync(http, lab, request, reader, SoapWriter.Success("GetStreamingEvents", new XElement(Ns.M + "Notifications", notifications)), unconfirmed, token).ConfigureAwait(false);
                    foreach (var (s, last) in acknowledge)
                    {
                        s.MarkSent(reader, last);
                    }

                    unconfirmed.AddRange(acknowledge);

                    envelopes++;
                    continue;
                }

                var remaining = deadline - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    await WriteConfirmingAsync(http, lab, request, reader, SoapWriter.Success("GetStreamingEvents", new XElement(Ns.M + "ConnectionStatus", "Closed")), unconfirmed, token).ConfigureAwait(false);
                    LabLog.StreamEnded(lab.Logger, call.Principal.Address, envelopes + 1, "ConnectionTimeout");
                    return;
                }

                var wait = remaining < lab.Options.StreamingHeartbeat ? remaining : lab.Options.StreamingHeartbeat;
                var delay = Task.Delay(wait, time, token);
                var woke = await Task.WhenAny(signals.Append(delay)).ConfigureAwait(false);
                token.ThrowIfCancellationRequested();
                if (woke == delay && time.GetUtcNow() < deadline)
                {
                    await WriteConfirmingAsync(http, lab, request, reader, SoapWriter.Success("GetStreamingEvents", new XElement(Ns.M + "ConnectionStatus", "OK")), unconfirmed, token).ConfigureAwait(false);
                    envelopes++;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException || (ex is IOException or InvalidOperationException && token.IsCancellationRequested))
        {
            // A dropped connection (fault) is a reset, not a clean close; a client that went away needs nothing more.
            LabLog.StreamEnded(lab.Logger, call.Principal.Address, envelopes, dropped.IsCancellationRequested ? "dropped by fault" : "client went away");
            http.Abort();
        }
    }

    /// <summary>
    /// Subscriptions this connection no longer reads: taken over by a newer connection (ErrorNewEventStreamConnectionOpened)
    /// or gone with the front end that held them (ErrorSubscriptionNotFound). Tells the client and drops them.
    /// </summary>
    private static async Task<bool> ReleaseLostAsync(HttpContext http, LabContext lab, string request, object reader, List<Subscription> owned, List<(Subscription, long)> unconfirmed, CancellationToken token)
    {
        var gone = owned.Where(s => !ReferenceEquals(lab.Subscriptions.Find(s.Id), s)).ToList();
        var taken = owned.Where(s => !gone.Contains(s) && !ReferenceEquals(s.Reader, reader)).ToList();
        if (gone.Count == 0 && taken.Count == 0)
        {
            return false;
        }

        owned.RemoveAll(s => gone.Contains(s) || taken.Contains(s));
        var status = new XElement(Ns.M + "ConnectionStatus", owned.Count == 0 ? "Closed" : "OK");
        if (gone.Count > 0)
        {
            await WriteConfirmingAsync(http, lab, request, reader, SoapWriter.Error("GetStreamingEvents", NotificationOperations.NotFound(),
                new XElement(Ns.M + "ErrorSubscriptionIds", gone.Select(s => new XElement(Ns.T + "SubscriptionId", s.Id))),
                taken.Count == 0 ? status : new XElement(Ns.M + "ConnectionStatus", "OK")), unconfirmed, token).ConfigureAwait(false);
        }

        if (taken.Count > 0)
        {
            await WriteConfirmingAsync(http, lab, request, reader, SoapWriter.Error("GetStreamingEvents",
                new EwsException("ErrorNewEventStreamConnectionOpened", "A new event stream connection was opened for the subscription; this one no longer reads it."),
                new XElement(Ns.M + "ErrorSubscriptionIds", taken.Select(s => new XElement(Ns.T + "SubscriptionId", s.Id))),
                status), unconfirmed, token).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Writes an envelope; once it went out, what earlier envelopes carried counts as received.</summary>
    private static async Task WriteConfirmingAsync(HttpContext http, LabContext lab, string request, object reader, XElement message, List<(Subscription, long)> unconfirmed, CancellationToken token)
    {
        var earlier = unconfirmed.ToList();
        await WriteEnvelopeAsync(http, lab, request, message, token).ConfigureAwait(false);
        foreach (var (s, last) in earlier)
        {
            s.Acknowledge(reader, last);
        }

        unconfirmed.RemoveRange(0, earlier.Count);
    }

    private static async Task WriteEnvelopeAsync(HttpContext http, LabContext lab, string request, XElement message, CancellationToken token)
    {
        var envelope = EwsEndpoint.Serialize(SoapWriter.Envelope(SoapWriter.Response("GetStreamingEvents", [message])));
        await http.Response.WriteAsync(envelope, token).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(token).ConfigureAwait(false);
        lab.Options.OnExchange?.Invoke(new LabExchange(http.Request.Path, "GetStreamingEvents", request, envelope, StatusCodes.Status200OK));
    }
}
