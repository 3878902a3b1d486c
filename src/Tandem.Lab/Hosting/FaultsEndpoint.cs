using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tandem.Lab.Hosting;

/// <summary>
/// /lab/faults: GET shows the injected faults; POST sets them from JSON
/// ({"throttle":N,"backOffMs":MS,"throttleAsMessage":bool,"unavailable":N,"delayMs":MS,"invalidSyncStates":N,"dropStreams":true,"down":bool,
/// "takeDown":I,"bringUp":I,"mailboxMoveInProgress":{"frontEnd":I,"on":bool},"mailboxLatency":{"address":A,"ms":MS}} — I is a
/// 0-based front end, A a mailbox address; MS 0 clears); DELETE clears them.
/// </summary>
internal static class FaultsEndpoint
{
    public static async Task HandleAsync(HttpContext http, LabFaults faults)
    {
        if (HttpMethods.IsDelete(http.Request.Method))
        {
            faults.Reset();
        }
        else if (HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method))
        {
            JsonDocument json;
            try
            {
                json = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await http.Response.WriteAsync(ex.Message, http.RequestAborted).ConfigureAwait(false);
                return;
            }

            using (json)
            {
                var root = json.RootElement;
                if (root.TryGetProperty("throttle", out var throttle))
                {
                    faults.Throttle(
                        throttle.GetInt32(),
                        root.TryGetProperty("backOffMs", out var b) ? b.GetInt32() : 2000,
                        root.TryGetProperty("throttleAsMessage", out var m) && m.GetBoolean());
                }

                if (root.TryGetProperty("unavailable", out var unavailable))
                {
                    faults.Unavailable(unavailable.GetInt32());
                }

                if (root.TryGetProperty("delayMs", out var delay))
                {
                    faults.Delay = TimeSpan.FromMilliseconds(delay.GetInt32());
                }

                if (root.TryGetProperty("invalidSyncStates", out var invalid))
                {
                    faults.InvalidateSyncStates(invalid.GetInt32());
                }

                if (root.TryGetProperty("dropStreams", out var drop) && drop.GetBoolean())
                {
                    faults.DropStreamingConnections();
                }

                if (root.TryGetProperty("down", out var down))
                {
                    faults.Down = down.GetBoolean();
                }

                try
                {
                    if (root.TryGetProperty("takeDown", out var takeDown))
                    {
                        faults.TakeDown(takeDown.GetInt32());
                    }

                    if (root.TryGetProperty("bringUp", out var bringUp))
                    {
                        faults.BringUp(bringUp.GetInt32());
                    }

                    if (root.TryGetProperty("mailboxLatency", out var slow))
                    {
                        faults.SetMailboxLatency(slow.GetProperty("address").GetString() ?? string.Empty, TimeSpan.FromMilliseconds(slow.GetProperty("ms").GetInt32()));
                    }

                    if (root.TryGetProperty("mailboxMoveInProgress", out var move))
                    {
                        faults.MailboxMoveInProgress(move.GetProperty("frontEnd").GetInt32(), move.TryGetProperty("on", out var on) ? on.GetBoolean() : true);
                    }
                }
                catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    http.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await http.Response.WriteAsync($"front end or mailbox faults: {ex.Message} (front ends are 0..{faults.FrontEnds - 1})", http.RequestAborted).ConfigureAwait(false);
                    return;
                }
            }
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            throttle = faults.PendingThrottled,
            unavailable = faults.PendingUnavailable,
            delayMs = (int)faults.Delay.TotalMilliseconds,
            invalidSyncStates = faults.PendingInvalidSyncStates,
            down = faults.Down,
            frontEnds = Enumerable.Range(0, faults.FrontEnds).Select(i => new { down = faults.IsDown(i), mailboxMoveInProgress = faults.IsMailboxMoveInProgress(i) }),
        }), http.RequestAborted).ConfigureAwait(false);
    }
}
