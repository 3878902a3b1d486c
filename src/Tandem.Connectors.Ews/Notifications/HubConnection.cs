using System.Text;
using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Notifications;

/// <summary>
/// One GetStreamingEvents connection carrying up to 200 subscriptions of one affinity group, charged to one account
/// (the anchor mailbox under impersonation). It re-issues the request before ConnectionTimeout ends and whenever its
/// subscriptions change; treats silence longer than the idle timeout as a dead connection (missing heartbeat); after any
/// drop it reconnects with back-off, creates again the subscriptions the server says are gone, and calls back every
/// folder of the connection once the stream is back (the engine then catches up through SyncFolderItems or the
/// public-folder scan). A clean ConnectionStatus Closed or a planned re-issue calls nobody back: the server keeps
/// queueing a subscription's events while no connection reads it.
/// </summary>
internal sealed partial class HubConnection : IAsyncDisposable
{
    private readonly EwsClient _client;
    private readonly StreamingOptions _options;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private readonly List<HubSubscription> _members = [];
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource _restart = new();
    private Task _loop = Task.CompletedTask;
    private bool _started;
    private int _streams;
    private int _open;
    private CancellationToken _openRestart = new(canceled: true);

    public HubConnection(EwsClient client, string group, string account, EwsCall streamCall, StreamingOptions options, ILogger log)
    {
        _client = client;
        Group = group;
        Account = account;
        StreamCall = streamCall;
        _options = options;
        _log = log;
    }

    public string Group { get; }

    /// <summary>The budget the connection is charged to (HangingConnectionLimit is per account).</summary>
    public string Account { get; }

    /// <summary>Routing of the GetStreamingEvents request: the anchor mailbox, impersonation, the group's affinity.</summary>
    public EwsCall StreamCall { get; }

    /// <summary>GetStreamingEvents requests sent so far.</summary>
    public int StreamsOpened => Volatile.Read(ref _streams);

    /// <summary>True while a GetStreamingEvents response is being read.</summary>
    /// <remarks>A stream whose restart was already asked for (a member joined or left) is not open: it no longer carries the
    /// connection's current members and is about to close.</remarks>
    public bool IsOpen => Volatile.Read(ref _open) == 1 && !_openRestart.IsCancellationRequested;

    public int Count
    {
        get { lock (_lock) return _members.Count; }
    }

    /// <summary>Holds a place for a folder before it is subscribed (the hub decides placement under its own lock).</summary>
    public void Reserve(HubSubscription member)
    {
        lock (_lock) _members.Add(member);
    }

    /// <summary>Creates the folder's subscription on the server, routed like the group (X-AnchorMailbox, affinity cookie).</summary>
    public async Task<string> SubscribeAsync(HubSubscription member, CancellationToken ct)
    {
        var call = member.Call with { Affinity = StreamCall.Affinity, AnchorMailbox = member.Call.PublicFolderMailbox is null ? StreamCall.AnchorMailbox ?? StreamCall.ImpersonatedMailbox : member.Call.AnchorMailbox };
        var response = await _client.SendAsync(StreamingRequests.Subscribe(member.Folder), call, ct).ConfigureAwait(false);
        var message = EwsClient.Messages(response).FirstOrDefault() ?? throw new EwsException(EwsCodes.BadResponse, "Subscribe answer has no message");
        if (!message.IsSuccess) throw new EwsException(message.ResponseCode, $"Subscribe {member.Name}: {message.MessageText ?? message.ResponseCode}");
        return message.Element.MChild("SubscriptionId")?.Value ?? throw new EwsException(EwsCodes.BadResponse, "Subscribe answer has no SubscriptionId");
    }

    /// <summary>The member is subscribed: (re)start the stream so it carries the new id.</summary>
    public void Activate(HubSubscription member)
    {
        member.Active = true;
        lock (_lock)
        {
            if (!_started)
            {
                _started = true;
                _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
                return;
            }
        }
        Restart();
    }

    /// <summary>Drops a member; returns true when the connection is now empty.</summary>
    public bool Remove(HubSubscription member)
    {
        bool empty;
        lock (_lock)
        {
            _members.Remove(member);
            empty = _members.Count == 0;
        }
        if (!empty) Restart();
        return empty;
    }

    private void Restart()
    {
        CancellationTokenSource old;
        lock (_lock)
        {
            old = _restart;
            _restart = new CancellationTokenSource();
        }
        old.Cancel();
        old.Dispose();
    }

    private List<HubSubscription> Members()
    {
        lock (_lock) return [.. _members.Where(m => m.Active)];
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var delay = _options.MinReconnectDelay;
        while (!stop.IsCancellationRequested)
        {
            CancellationToken restart;
            lock (_lock) restart = _restart.Token;
            var members = Members();
            try
            {
                await ResubscribeAsync(members, stop).ConfigureAwait(false);
                var active = members.Where(m => m.SubscriptionId is not null).ToList();
                if (active.Count == 0)
                {
                    using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop, restart);
                    await Task.Delay(delay, _client.Time, wake.Token).ConfigureAwait(false);
                    delay = Grow(delay);
                    continue;
                }
                // Folders whose subscription could not be created again are retried (and called back) at the back-off pace.
                var retrySoon = active.Count < members.Count;
                if (await StreamOnceAsync(active, retrySoon, stop, restart).ConfigureAwait(false)) delay = _options.MinReconnectDelay;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException) when (restart.IsCancellationRequested)
            {
                // Membership changed: re-issue with the new ids (nothing was missed), after a short pause so a burst of
                // new folders costs one request, not one each.
                try
                {
                    await Task.Delay(_options.RestartPause, _client.Time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is EwsException or HttpRequestException or IOException or OperationCanceledException or System.Xml.XmlException)
            {
                var code = ex switch
                {
                    EwsException e when e.HttpStatus == 503 => EwsConnectionHealth.Http503,
                    EwsException e => e.ResponseCode,
                    HeartbeatException => EwsConnectionHealth.HeartbeatMissed,
                    _ => EwsConnectionHealth.NetworkError,
                };
                _client.Report(code, ex.Message);
                foreach (var m in members) m.OweCatchUp();
                LogReconnect(_log, Group, Account, members.Count, (long)delay.TotalMilliseconds, code, ex.Message);
                try
                {
                    await Task.Delay(delay, _client.Time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = Grow(delay);
            }
        }
    }

    private TimeSpan Grow(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));

    /// <summary>Creates again the subscriptions the server lost; a failure leaves the id empty (retried after back-off).</summary>
    private async Task ResubscribeAsync(List<HubSubscription> members, CancellationToken stop)
    {
        foreach (var member in members.Where(m => m.SubscriptionId is null))
        {
            try
            {
                member.SubscriptionId = await SubscribeAsync(member, stop).ConfigureAwait(false);
                member.OweCatchUp(); // a new subscription starts blind
                LogResubscribed(_log, member.Name);
            }
            catch (EwsException ex) when (ex.ResponseCode is not EwsCodes.Transport && ex.HttpStatus is not 503)
            {
                // e.g. ErrorExceededSubscriptionCount: the folder waits for the next attempt; its callback keeps it caught up.
                LogResubscribeFailed(_log, member.Name, ex.ResponseCode);
                member.OweCatchUp();
                member.PayCatchUp();
            }
        }
    }

    /// <summary>One GetStreamingEvents request; true when it ended as planned (Closed, re-issue time), false after an error envelope.</summary>
    private async Task<bool> StreamOnceAsync(List<HubSubscription> members, bool retrySoon, CancellationToken stop, CancellationToken restart)
    {
        var byId = members.ToDictionary(m => m.SubscriptionId!, StringComparer.Ordinal);
        await _client.Gate.WaitOutBackOffAsync(stop).ConfigureAwait(false);
        var envelope = _client.BuildEnvelope(StreamingRequests.GetStreamingEvents(byId.Keys, _options.ConnectionMinutes), StreamCall);
        using var request = _client.BuildHttpRequest(envelope, StreamCall);
        await _client.Auth.ApplyAsync(request, stop).ConfigureAwait(false);
        var planned = TimeSpan.FromMinutes(Math.Clamp(_options.ConnectionMinutes, 1, 30)) - _options.ReissueMargin;
        using var reissue = new CancellationTokenSource(retrySoon && _options.MaxReconnectDelay < planned ? _options.MaxReconnectDelay : planned, _client.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, restart, reissue.Token);
        Interlocked.Increment(ref _streams);
        using var response = await _client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
        {
            _client.Gate.BackOff(response.Headers.RetryAfter?.Delta ?? _options.MinReconnectDelay);
            throw new EwsException(EwsCodes.ServerBusy, "GetStreamingEvents: HTTP 503", 503);
        }
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.InternalServerError)
        {
            throw new EwsException(EwsCodes.Http, $"GetStreamingEvents: HTTP {(int)response.StatusCode}", (int)response.StatusCode);
        }
        StreamCall.Affinity?.Read(response.Headers);
        _openRestart = restart;
        Volatile.Write(ref _open, 1);
        if (response.IsSuccessStatusCode)
        {
            // The stream is back: whoever missed events while it was down (or was subscribed anew) catches up now.
            foreach (var m in members) m.PayCatchUp();
        }
        try
        {
            return await ReadAsync(response, byId, linked.Token, stop, restart, reissue.Token).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _open, 0);
        }
    }

    private async Task<bool> ReadAsync(HttpResponseMessage response, Dictionary<string, HubSubscription> byId, CancellationToken token,
        CancellationToken stop, CancellationToken restart, CancellationToken reissue)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var splitter = new EnvelopeSplitter();
        var buffer = new char[8192];
        while (true)
        {
            int read;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                idle.CancelAfter(_options.IdleTimeout);
                try
                {
                    read = await reader.ReadAsync(buffer.AsMemory(), idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (reissue.IsCancellationRequested && !stop.IsCancellationRequested && !restart.IsCancellationRequested)
                {
                    return true; // our own re-issue before ConnectionTimeout: the subscriptions continue on the next request
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    throw new HeartbeatException($"no heartbeat for {_options.IdleTimeout.TotalSeconds:0} s");
                }
            }
            if (read == 0) throw new IOException("the stream ended without ConnectionStatus Closed");
            foreach (var xml in splitter.Push(new string(buffer, 0, read)))
            {
                var parsed = StreamingEnvelope.Parse(xml);
                if (parsed.IsFault) throw new EwsException(parsed.ErrorCode ?? "SoapFault", "GetStreamingEvents: SOAP fault " + parsed.ErrorCode);
                foreach (var id in parsed.EventIds.Distinct(StringComparer.Ordinal))
                {
                    if (byId.TryGetValue(id, out var member)) member.Notify();
                }
                if (parsed.ErrorCode is null)
                {
                    _client.Report(null, string.Empty);
                }
                else if (parsed.ErrorIds.Count > 0)
                {
                    if (parsed.ErrorCode != StreamingEnvelope.TakenOver)
                    {
                        foreach (var id in parsed.ErrorIds)
                        {
                            if (!byId.TryGetValue(id, out var member)) continue;
                            LogLost(_log, member.Name, parsed.ErrorCode);
                            member.SubscriptionId = null;
                            member.OweCatchUp();
                        }
                        _client.Report(parsed.ErrorCode, "GetStreamingEvents: " + parsed.ErrorCode);
                    }
                }
                else
                {
                    // A connection-level error (ErrorExceededConnectionCount, ErrorMailboxMoveInProgress, ErrorReadEventsFailed…).
                    if (parsed.SubscriptionLost)
                    {
                        foreach (var m in byId.Values) m.SubscriptionId = null;
                    }
                    throw new EwsException(parsed.ErrorCode, "GetStreamingEvents: " + parsed.ErrorCode);
                }
                if (parsed.Closed) return true;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        _stop.Dispose();
        _restart.Dispose();
    }

    private sealed class HeartbeatException(string message) : IOException(message);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Streaming on {Folder}: subscription lost ({Code}), subscribing again")]
    private static partial void LogLost(ILogger logger, string folder, string code);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Streaming group {Group} ({Account}, {Folders} folders): reconnecting in {DelayMs} ms ({Code}: {Reason})")]
    private static partial void LogReconnect(ILogger logger, string group, string account, int folders, long delayMs, string code, string reason);

    [LoggerMessage(EventId = 2405, Level = LogLevel.Information, Message = "Streaming on {Folder}: subscribed again")]
    private static partial void LogResubscribed(ILogger logger, string folder);

    [LoggerMessage(EventId = 2406, Level = LogLevel.Warning, Message = "Streaming on {Folder}: subscribing again failed ({Code}); retrying after back-off")]
    private static partial void LogResubscribeFailed(ILogger logger, string folder, string code);
}
