using System.Text.Json.Nodes;

namespace Tandem.Lab.Graph;

/// <summary>One answer of the Graph face: status, headers and a JSON body (null for 204) or raw bytes, shared by direct and $batch requests.</summary>
internal sealed record GraphResult(int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>A body that is not JSON (a message's MIME from $value), with its content type.</summary>
    public (byte[] Data, string ContentType)? Raw { get; init; }

    public static GraphResult Bytes(byte[] data, string contentType) => new(200, null) { Raw = (data, contentType) };

    public static GraphResult Ok(JsonNode body) => new(200, body);

    public static GraphResult Created(JsonNode body) => new(201, body);

    public static GraphResult NoContent() => new(204, null);

    /// <summary>Graph's error shape: {"error":{"code":…,"message":…}}.</summary>
    public static GraphResult Error(int status, string code, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, headers);

    public static GraphResult NotFound(string what) => Error(404, "ErrorItemNotFound", what + " was not found.");

    public static GraphResult BadRequest(string message) => Error(400, "BadRequest", message);
}
