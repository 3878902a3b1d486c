using System.Text;
using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Notifications;

internal sealed record StreamingOptions
{
    /// <summary>GetStreamingEvents ConnectionTimeout in minutes: the server closes the stream after it and we reconnect.</summary>
    public int ConnectionMinutes { get; init; } = 29;

    /// <summary>No byte for this long (heartbeats included) means the connection is dead.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(150);

    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// A streaming subscription on one folder: Subscribe, then GetStreamingEvents again and again. Calls the
/// callback on every real event, and also after every reconnect or re-subscribe, because events may have
/// been missed while no stream was open (the callback triggers a SyncFolderItems catch-up, which is cheap).
/// </summary>
internal sealed partial class StreamingSubscription : IAsyncDisposable
{
    private readonly EwsClient _client;
    private readonly FolderAddress _folder;
    private readonly EwsCall _call;
    private readonly Action _onChange;
    private readonly StreamingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private string? _subscriptionId;

    private StreamingSubscription(EwsClient client, FolderAddress folder, EwsCall call, Action onChange, StreamingOptions options, TimeProvider time, ILogger log)
    {
        _client = client;
        _folder = folder;
        _call = call;
        _onChange = onChange;
        _options = options;
        _time = time;
        _log = log;
    }

    /// <summary>Subscribes (errors surface here, so a caller can fall back to polling) and starts streaming.</summary>
    public static async Task<StreamingSubscription> StartAsync(EwsClient client, FolderAddress folder, EwsCall call, Action onChange,
        StreamingOptions options, TimeProvider time, ILogger log, CancellationToken ct)
    {
        var subscription = new StreamingSubscription(client, folder, call, onChange, options, time, log);
        subscription._subscriptionId = await subscription.SubscribeAsync(ct).ConfigureAwait(false);
        subscription._loop = Task.Run(() => subscription.RunAsync(subscription._stop.Token), CancellationToken.None);
        return subscription;
    }

    /// <summary>Connections opened so far (tests watch reconnects through it).</summary>
    public int Connections { get; private set; }

    private async Task<string> SubscribeAsync(CancellationToken ct)
    {
        var response = await _client.SendAsync(StreamingRequests.Subscribe(_folder), _call, ct).ConfigureAwait(false);
        var message = EwsClient.Messages(response).FirstOrDefault() ?? throw new EwsException(EwsCodes.BadResponse, "Subscribe answer has no message");
        if (!message.IsSuccess) throw new EwsException(message.ResponseCode, $"Subscribe {_folder}: {message.MessageText ?? message.ResponseCode}");
        return message.Element.MChild("SubscriptionId")?.Value ?? throw new EwsException(EwsCodes.BadResponse, "Subscribe answer has no SubscriptionId");
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var delay = _options.MinReconnectDelay;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (_subscriptionId is null)
                {
                    _subscriptionId = await SubscribeAsync(ct).ConfigureAwait(false);
                    Notify(); // a new subscription starts blind: whatever happened meanwhile needs a catch-up
                }
                var outcome = await StreamOnceAsync(_subscriptionId, ct).ConfigureAwait(false);
                if (outcome == StreamOutcome.Lost)
                {
                    LogLost(_log, _folder.ToString());
                    _subscriptionId = null;
                }
                delay = _options.MinReconnectDelay;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is EwsException or HttpRequestException or IOException or OperationCanceledException or System.Xml.XmlException)
            {
                LogReconnect(_log, _folder.ToString(), (long)delay.TotalMilliseconds, ex.Message);
                try
                {
                    await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
                Notify();
            }
        }
    }

    private enum StreamOutcome { Closed, Lost }

    private async Task<StreamOutcome> StreamOnceAsync(string subscriptionId, CancellationToken ct)
    {
        await _client.Gate.WaitOutBackOffAsync(ct).ConfigureAwait(false);
        var envelope = _client.BuildEnvelope(StreamingRequests.GetStreamingEvents(subscriptionId, _options.ConnectionMinutes), _call);
        using var request = _client.BuildHttpRequest(envelope, _call);
        await _client.Auth.ApplyAsync(request, ct).ConfigureAwait(false);
        using var response = await _client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        Connections++;
        if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
        {
            _client.Gate.BackOff(response.Headers.RetryAfter?.Delta ?? _options.MinReconnectDelay);
            throw new EwsException(EwsCodes.ServerBusy, "GetStreamingEvents: 503", 503);
        }
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var splitter = new EnvelopeSplitter();
        var buffer = new char[8192];
        while (true)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            idle.CancelAfter(_options.IdleTimeout);
            var read = await reader.ReadAsync(buffer.AsMemory(), idle.Token).ConfigureAwait(false);
            if (read == 0) return StreamOutcome.Closed;
            foreach (var xml in splitter.Push(new string(buffer, 0, read)))
            {
                var parsed = StreamingEnvelope.Parse(xml);
                if (parsed.HasEvents) Notify();
                if (parsed.ErrorCode == EwsCodes.ServerBusy)
                {
                    _client.Gate.BackOff(_options.MinReconnectDelay);
                }
                if (parsed.SubscriptionLost) return StreamOutcome.Lost;
                if (parsed.Closed) return StreamOutcome.Closed;
            }
        }
    }

    private void Notify()
    {
        try
        {
            _onChange();
        }
        catch (Exception ex)
        {
            // The callback belongs to the engine; its failure must not kill the stream.
            LogCallbackFailed(_log, _folder.ToString(), ex.Message);
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
        if (_subscriptionId is { } id)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _client.SendAsync(StreamingRequests.Unsubscribe(id), _call, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is EwsException or HttpRequestException or OperationCanceledException)
            {
                // The server forgets unused subscriptions on its own; nothing to repair.
            }
        }
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Streaming on {Folder}: subscription lost, subscribing again")]
    private static partial void LogLost(ILogger logger, string folder);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "Streaming on {Folder}: reconnecting in {DelayMs} ms ({Reason})")]
    private static partial void LogReconnect(ILogger logger, string folder, long delayMs, string reason);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Warning, Message = "Streaming on {Folder}: change callback failed: {Reason}")]
    private static partial void LogCallbackFailed(ILogger logger, string folder, string reason);
}
