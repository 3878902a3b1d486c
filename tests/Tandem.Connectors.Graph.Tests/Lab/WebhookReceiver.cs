using System.Net;
using System.Text;
using Tandem.Testing.Net;

namespace Tandem.Connectors.Graph.Tests.Lab;

/// <summary>
/// Stands in for the service's /graph/notifications endpoint in connector tests: answers the validation handshake with the
/// token as text/plain, hands every other POST to the hub and answers 202 once the hub has acted on it.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly GraphNotificationHub _hub;
    private readonly Task _loop;
    private int _validations;

    public WebhookReceiver(GraphNotificationHub hub)
    {
        _hub = hub;
        Url = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/graph/notifications/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public int Validations => Volatile.Read(ref _validations);

    /// <summary>Posts a notification body as Graph (or a forger) would; returns the status the receiver answered.</summary>
    public async Task<HttpStatusCode> PostAsync(string json)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(Url, new StringContent(json, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var response = context.Response;
            if (GraphNotificationHub.ValidationResponse(context.Request.QueryString["validationToken"]) is { } token)
            {
                Interlocked.Increment(ref _validations);
                response.ContentType = "text/plain";
                var bytes = Encoding.UTF8.GetBytes(token);
                response.StatusCode = 200;
                await response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                await _hub.ReceiveAsync(context.Request.InputStream, CancellationToken.None);
                response.StatusCode = 202;
            }

            response.Close();
        }
    }
}
