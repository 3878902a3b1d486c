using System.Text.Json.Nodes;

namespace Tandem.Lab.Graph;

/// <summary>
/// POST /v1.0/$batch: at most 20 requests, ids unique, each run (and throttled) on its own; dependsOn is honoured by running
/// the steps in order and answering 424 when a dependency failed. The outer answer is 200 whatever the steps did. Bodies
/// that are not JSON (a MIME POST, a $value answer) travel base64-encoded.
/// </summary>
internal static class BatchHandler
{
    public const int MaxRequests = 20;

    public static GraphResult Handle(GraphRouter router, JsonObject? body, string baseUrl)
    {
        if (body?["requests"] is not JsonArray requests)
        {
            return GraphResult.BadRequest("A batch needs a 'requests' array.");
        }

        if (requests.Count > MaxRequests)
        {
            return GraphResult.BadRequest($"The number of batch requests exceeds the allowed maximum of {MaxRequests}.");
        }

        var ids = requests.Select(r => (string?)r?["id"]).ToList();
        if (ids.Any(string.IsNullOrEmpty) || ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            return GraphResult.BadRequest("Every batch request needs an id, unique within the batch.");
        }

        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        var responses = new JsonArray();
        foreach (var step in requests.OfType<JsonObject>())
        {
            var id = (string)step["id"]!;
            var dependsOn = step["dependsOn"] is JsonArray d ? d.Select(x => (string?)x).OfType<string>() : [];
            var result = dependsOn.Any(dep => !statuses.TryGetValue(dep, out var st) || st >= 400)
                ? GraphResult.Error(424, "FailedDependency", "A request this one depends on failed.")
                : router.Run(ToRequest(step, baseUrl));
            statuses[id] = result.Status;
            var headers = new JsonObject();
            foreach (var (name, value) in result.Headers ?? new Dictionary<string, string>())
            {
                headers[name] = value;
            }

            JsonNode? responseBody = result.Body;
            if (result.Raw is { } raw)
            {
                // A body that is not JSON travels base64-encoded inside the batch's JSON.
                headers["Content-Type"] = raw.ContentType;
                responseBody = Convert.ToBase64String(raw.Data);
            }
            else if (result.Body is not null)
            {
                headers["Content-Type"] = "application/json";
            }

            responses.Add(new JsonObject { ["id"] = id, ["status"] = result.Status, ["headers"] = headers, ["body"] = responseBody });
        }

        return GraphResult.Ok(new JsonObject { ["responses"] = responses });
    }

    private static GraphRequest ToRequest(JsonObject step, string baseUrl)
    {
        var (segments, query) = GraphRequest.SplitUrl((string?)step["url"] ?? "");
        var headers = step["headers"] as JsonObject;
        string? Header(string name) => headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();
        // A step whose body is not JSON (a text/plain MIME POST) carries it base64-encoded, as Graph's batching wants it.
        string? text = null;
        byte[]? bytes = null;
        var json = Header("Content-Type")?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? true;
        if (!json && step["body"] is JsonValue encoded && encoded.TryGetValue<string>(out var base64))
        {
            try
            {
                bytes = Convert.FromBase64String(base64);
                text = System.Text.Encoding.UTF8.GetString(bytes);
            }
            catch (FormatException)
            {
                text = "";
            }
        }

        return new GraphRequest(((string?)step["method"] ?? "GET").ToUpperInvariant(), segments, query, Header("If-Match"), Header("Prefer"), step["body"] as JsonObject, baseUrl, text)
        {
            Bytes = GraphFace.IsBinary(Header("Content-Type")) ? bytes : null,
            ContentType = Header("Content-Type"),
        };
    }
}
