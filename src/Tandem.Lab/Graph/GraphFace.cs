using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tandem.Lab.Graph;

/// <summary>
/// The lab's Microsoft Graph face at /v1.0: contact folders, contacts, calendars, To Do lists, mail folders and messages (MIME) (single-value extended properties, If-Match/412),
/// contact delta with absolute nextLink/deltaLink, $batch (≤ 20), 429 Retry-After and lost delta tokens as faults
/// (<see cref="Faults"/>), over the same mailbox store as the EWS face. Any bearer token is accepted: the lab checks that
/// one is sent, not who issued it.
/// </summary>
public sealed class GraphFace
{
    private readonly GraphRouter _router;

    private readonly LabContext _lab;

    internal GraphFace(LabContext lab)
    {
        _lab = lab;
        _router = new GraphRouter(lab, Faults);
        Webhooks = lab.Webhooks;
    }

    public GraphFaults Faults { get; } = new();

    /// <summary>Change-notification subscriptions, their delivery and lifecycle events.</summary>
    public GraphWebhooks Webhooks { get; }

    internal static GraphFace Map(WebApplication app, LabContext lab)
    {
        var face = new GraphFace(lab);
        app.MapMethods("/v1.0/{**path}", ["GET", "POST", "PUT", "PATCH", "DELETE"], face.HandleAsync);
        // Only what Microsoft serves under /beta and Tandem uses there: the events delta of a calendar.
        app.MapMethods("/beta/{**path}", ["GET"], face.HandleAsync);
        return face;
    }

    private async Task HandleAsync(HttpContext http)
    {
        Faults.CountRequest();
        var request = http.Request;
        var response = http.Response;
        var auth = request.Headers.Authorization.ToString();
        GraphResult result;
        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || auth.Length <= 7)
        {
            result = GraphResult.Error(401, "InvalidAuthenticationToken", "Access token is empty.");
        }
        else
        {
            var version = request.Path.StartsWithSegments("/beta", StringComparison.Ordinal) ? "beta" : "v1.0";
            var baseUrl = $"{request.Scheme}://{request.Host}/{version}/";
            JsonObject? body = null;
            string? text = null;
            byte[]? bytes = null;
            var hasBody = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;
            if (hasBody && IsBinary(request.ContentType))
            {
                using var copy = new MemoryStream();
                await request.Body.CopyToAsync(copy, http.RequestAborted).ConfigureAwait(false);
                bytes = copy.ToArray();
            }
            else if (hasBody && request.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true)
            {
                using var reader = new StreamReader(request.Body);
                text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
            }
            else if (hasBody)
            {
                try
                {
                    body = await JsonNode.ParseAsync(request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false) as JsonObject;
                }
                catch (JsonException e)
                {
                    await WriteAsync(response, GraphResult.BadRequest("The body is not JSON: " + e.Message)).ConfigureAwait(false);
                    return;
                }
            }

            var (segments, query) = GraphRequest.SplitUrl(request.Path.Value + request.QueryString.Value);
            var method = request.Method.ToUpperInvariant();
            Faults.CountShape(segments is ["$batch"] && body?["requests"] is JsonArray steps
                ? RequestShape.OfBatch(steps.OfType<JsonObject>().Select(step => (((string?)step["method"] ?? "GET").ToUpperInvariant(), GraphRequest.SplitUrl((string?)step["url"] ?? "").Segments)))
                : RequestShape.Of(method, segments));
            var graphRequest = new GraphRequest(method, segments, query, request.Headers.IfMatch.ToString() is { Length: > 0 } m ? m : null,
                request.Headers["Prefer"].ToString(), body, baseUrl, text) { Bytes = bytes, ContentType = request.ContentType };
            result = segments is ["$batch"] && method == "POST"
                ? BatchHandler.Handle(_router, body, baseUrl)
                : segments.Count > 0 && segments[0] == "subscriptions"
                    ? await Webhooks.HandleAsync(graphRequest, _lab).ConfigureAwait(false)
                    : _router.Run(graphRequest);
        }

        if (request.Headers["Prefer"].ToString().Contains("ImmutableId", StringComparison.OrdinalIgnoreCase))
        {
            response.Headers["Preference-Applied"] = "IdType=\"ImmutableId\"";
        }

        await WriteAsync(response, result).ConfigureAwait(false);
    }

    /// <summary>A picture or other bytes (a contact's photo PUT), not JSON or text.</summary>
    internal static bool IsBinary(string? contentType) =>
        contentType is not null && (contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase));

    private static async Task WriteAsync(HttpResponse response, GraphResult result)
    {
        response.StatusCode = result.Status;
        foreach (var (name, value) in result.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (result.Raw is { } raw)
        {
            response.ContentType = raw.ContentType;
            await response.Body.WriteAsync(raw.Data).ConfigureAwait(false);
        }
        else if (result.Body is not null)
        {
            response.ContentType = "application/json; odata.metadata=minimal";
            await response.WriteAsync(result.Body.ToJsonString()).ConfigureAwait(false);
        }
    }
}
