using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace Tandem.Connectors.Ews.Protocol;

internal sealed record EwsClientOptions
{
    public string ServerVersion { get; init; } = "Exchange2013_SP1";

    /// <summary>Attempts per request when the server says it is busy, before the error surfaces.</summary>
    public int MaxBusyRetries { get; init; } = 6;

    /// <summary>Pause when the server is busy but names no BackOffMilliseconds.</summary>
    public TimeSpan DefaultBackOff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound for one back-off, whatever the server asks.</summary>
    public TimeSpan MaxBackOff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest wait for one ordinary request (streaming requests set their own).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Sees every request body sent (tests validate them against the schemas).</summary>
    public Action<string>? OnRequest { get; init; }
}

/// <summary>
/// SOAP over HttpClient for one EWS endpoint: builds the envelope and headers, passes the shared
/// <see cref="ServerGate"/>, turns faults into <see cref="EwsException"/> and waits out ErrorServerBusy.
/// </summary>
internal sealed partial class EwsClient
{
    private readonly HttpClient _http;
    private readonly IEwsAuth _auth;
    private readonly ServerGate _gate;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public EwsClient(HttpClient http, Uri url, IEwsAuth auth, ServerGate gate, EwsClientOptions options, TimeProvider time, ILogger log, EwsConnectionHealth? health = null)
    {
        _http = http;
        Url = url;
        _auth = auth;
        _gate = gate;
        Options = options;
        _time = time;
        _log = log;
        Health = health ?? new EwsConnectionHealth(url.Host);
        Health.UseUrl(url);
    }

    /// <summary>Where this client reports whether the server answers (read by the attendant).</summary>
    public EwsConnectionHealth Health { get; }

    /// <summary>The server's MajorVersion.MinorVersion from the last ServerVersionInfo (15.0 is Exchange 2013), or null.</summary>
    public Version? ServerVersion { get; private set; }

    public TimeProvider Time => _time;

    /// <summary>Reads ServerVersionInfo from a response envelope's header.</summary>
    public void NoteServerVersion(XDocument doc)
    {
        var info = doc.Root?.Element(Ns.Soap + "Header")?.Elements().FirstOrDefault(e => e.Name.LocalName == "ServerVersionInfo");
        if (int.TryParse((string?)info?.Attribute("MajorVersion"), System.Globalization.CultureInfo.InvariantCulture, out var major)
            && int.TryParse((string?)info?.Attribute("MinorVersion"), System.Globalization.CultureInfo.InvariantCulture, out var minor))
        {
            ServerVersion = new Version(major, minor);
        }
    }

    /// <summary>Tells <see cref="Health"/> how the server answered: a failing connection-level code, or a good answer.</summary>
    public void Report(string? code, string message)
    {
        if (code is not null && EwsConnectionHealth.ServerCodes.Contains(code)) Health.Failed(code, message, _time.GetUtcNow());
        else Health.Succeeded(_time.GetUtcNow());
    }

    public Uri Url { get; }

    public EwsClientOptions Options { get; }

    public ServerGate Gate => _gate;

    public HttpClient Http => _http;

    public IEwsAuth Auth => _auth;

    public XDocument BuildEnvelope(XElement operation, EwsCall call)
    {
        var header = new XElement(Ns.Soap + "Header",
            new XElement(Ns.T + "RequestServerVersion", new XAttribute("Version", Options.ServerVersion)));
        if (call.ImpersonatedMailbox is { } who)
        {
            header.Add(X.T("ExchangeImpersonation", X.T("ConnectingSID", X.T("PrimarySmtpAddress", who))));
        }
        return new XDocument(new XElement(Ns.Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soap", Ns.Soap),
            new XAttribute(XNamespace.Xmlns + "t", Ns.T),
            new XAttribute(XNamespace.Xmlns + "m", Ns.M),
            header,
            new XElement(Ns.Soap + "Body", operation)));
    }

    public HttpRequestMessage BuildHttpRequest(XDocument envelope, EwsCall call)
    {
        var body = envelope.ToString(SaveOptions.DisableFormatting);
        Options.OnRequest?.Invoke(body);
        var request = new HttpRequestMessage(HttpMethod.Post, Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "text/xml"),
        };
        request.Headers.Accept.ParseAdd("text/xml");
        request.Headers.TryAddWithoutValidation("client-request-id", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("return-client-request-id", "true");
        var anchor = call.AnchorMailbox ?? call.ImpersonatedMailbox;
        if (anchor is not null) request.Headers.TryAddWithoutValidation("X-AnchorMailbox", anchor);
        if (call.PublicFolderMailbox is not null) request.Headers.TryAddWithoutValidation("X-PublicFolderMailbox", call.PublicFolderMailbox);
        if (call.Affinity is { } affinity)
        {
            request.Headers.TryAddWithoutValidation("X-PreferServerAffinity", "true");
            if (affinity.Cookie is { } cookie) request.Headers.TryAddWithoutValidation("Cookie", ServerAffinity.CookieName + "=" + cookie);
        }
        return request;
    }

    /// <summary>Sends one operation and returns the m:*Response element; retries while the server is busy.</summary>
    public async Task<XElement> SendAsync(XElement operation, EwsCall call, CancellationToken cancellationToken)
    {
        var envelope = BuildEnvelope(operation, call);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var lease = await _gate.EnterAsync(call.Mailbox, cancellationToken).ConfigureAwait(false);
                return await SendOnceAsync(envelope, call, cancellationToken).ConfigureAwait(false);
            }
            catch (BusyException busy) when (attempt < Options.MaxBusyRetries)
            {
                ApplyBackOff(busy.BackOff, attempt, operation.Name.LocalName);
            }
            catch (BusyException busy)
            {
                throw new EwsException(EwsCodes.ServerBusy, $"server still busy after {attempt} attempts", busy.HttpStatus);
            }
        }
    }

    /// <summary>
    /// Sends a batch operation over <paramref name="count"/> inputs and returns one response message per
    /// input. Inputs answered with ErrorServerBusy or ErrorBatchProcessingStopped are re-sent (only those),
    /// after the back-off, so a throttled batch is neither lost nor applied twice.
    /// </summary>
    public async Task<ResponseMessage[]> SendBatchAsync(int count, Func<IReadOnlyList<int>, XElement> build, EwsCall call, CancellationToken cancellationToken)
    {
        var results = new ResponseMessage[count];
        IReadOnlyList<int> pending = Enumerable.Range(0, count).ToArray();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var operation = build(pending);
            var response = await SendAsync(operation, call, cancellationToken).ConfigureAwait(false);
            var messages = Messages(response);
            if (messages.Count != pending.Count)
            {
                throw new EwsException(EwsCodes.BadResponse, $"{operation.Name.LocalName}: {messages.Count} response messages for {pending.Count} inputs");
            }
            var retry = new List<int>();
            TimeSpan? backOff = null;
            for (var i = 0; i < pending.Count; i++)
            {
                var message = messages[i];
                var retriable = message.IsServerBusy || message.ResponseCode == EwsCodes.BatchProcessingStopped;
                if (retriable && attempt < Options.MaxBusyRetries)
                {
                    retry.Add(pending[i]);
                    if (message.IsServerBusy) backOff ??= message.BackOff ?? Options.DefaultBackOff;
                }
                else
                {
                    results[pending[i]] = message;
                }
            }
            if (retry.Count > 0 && backOff is not null) ApplyBackOff(backOff, attempt, operation.Name.LocalName);
            pending = retry;
        }
        return results;
    }

    public static IReadOnlyList<ResponseMessage> Messages(XElement response) =>
        response.Element(Ns.M + "ResponseMessages")?.Elements().Select(ResponseMessage.Parse).ToArray() ?? [];

    private void ApplyBackOff(TimeSpan? requested, int attempt, string operation)
    {
        var fallback = TimeSpan.FromTicks(Options.DefaultBackOff.Ticks * (1L << Math.Min(attempt - 1, 6)));
        var delay = requested ?? fallback;
        if (delay > Options.MaxBackOff) delay = Options.MaxBackOff;
        LogBackOff(_log, operation, (long)delay.TotalMilliseconds, attempt);
        _gate.BackOff(delay);
    }

    private async Task<XElement> SendOnceAsync(XDocument envelope, EwsCall call, CancellationToken cancellationToken)
    {
        using var request = BuildHttpRequest(envelope, call);
        await _auth.ApplyAsync(request, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            Report(EwsCodes.Transport, ex.Message);
            throw new EwsException(EwsCodes.Transport, $"EWS request to {Url.Host} failed: {ex.Message}", null, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            Report(EwsCodes.Transport, "timed out");
            throw new EwsException(EwsCodes.Transport, $"EWS request to {Url.Host} timed out after {Options.RequestTimeout.TotalSeconds:0} s", null, ex);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Report(EwsConnectionHealth.Http503, $"EWS at {Url.Host} answered HTTP 503");
                throw new BusyException(RetryAfter(response), status);
            }
            if (call.Affinity is { } affinity) affinity.Read(response.Headers);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new EwsException("Unauthorized", $"EWS at {Url.Host} refused the credentials (401)", status);
            }
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            XDocument doc;
            try
            {
                doc = XDocument.Parse(text);
            }
            catch (XmlException ex)
            {
                throw new EwsException(EwsCodes.Http, $"EWS answered HTTP {status} without a SOAP envelope", status, ex);
            }
            NoteServerVersion(doc);
            var body = doc.Root?.Element(Ns.Soap + "Body")
                ?? throw new EwsException(EwsCodes.BadResponse, "response has no SOAP body", status);
            var fault = body.Element(Ns.Soap + "Fault");
            if (fault is not null)
            {
                try
                {
                    ThrowFault(fault, status);
                }
                catch (EwsException ex)
                {
                    Report(ex.ResponseCode, ex.Message);
                    throw;
                }
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new EwsException(EwsCodes.Http, $"EWS answered HTTP {status}", status);
            }
            var result = body.Elements().FirstOrDefault()
                ?? throw new EwsException(EwsCodes.BadResponse, "empty SOAP body", status);
            var messages = Messages(result);
            var failing = messages.FirstOrDefault(m => EwsConnectionHealth.ServerCodes.Contains(m.ResponseCode));
            Report(failing?.ResponseCode, failing?.MessageText ?? string.Empty);
            if (messages.Count > 0 && messages.All(m => m.IsServerBusy))
            {
                throw new BusyException(messages[0].BackOff, status);
            }
            return result;
        }
    }

    private static void ThrowFault(XElement fault, int status)
    {
        var detail = fault.Element("detail");
        var code = detail?.Element(Ns.Errors + "ResponseCode")?.Value
            ?? fault.Element("faultcode")?.Value.Split(':').Last()
            ?? "SoapFault";
        var text = detail?.Element(Ns.Errors + "Message")?.Value ?? fault.Element("faultstring")?.Value ?? code;
        if (code == EwsCodes.ServerBusy)
        {
            throw new BusyException(ResponseMessage.ReadBackOff(detail?.Element(Ns.T + "MessageXml")), status);
        }
        throw new EwsException(code, text, status);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta;

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "EWS {Operation}: server busy, backing off {BackOffMs} ms (attempt {Attempt})")]
    private static partial void LogBackOff(ILogger logger, string operation, long backOffMs, int attempt);

    private sealed class BusyException(TimeSpan? backOff, int status) : Exception("server busy")
    {
        public TimeSpan? BackOff { get; } = backOff;

        public int HttpStatus { get; } = status;
    }
}
