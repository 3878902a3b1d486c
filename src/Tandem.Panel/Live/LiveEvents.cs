using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tandem.Panel.Security;

namespace Tandem.Panel.Live;

/// <summary>
/// Server-sent events for the dashboard: the <see cref="Overview"/> as JSON whenever it changes (checked every
/// second from the service's GroupBoard and the state's summaries), so the page updates without reloading.
/// </summary>
internal static class LiveEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(PanelPaths.Events, (PanelQueries queries, TimeProvider time, CancellationToken ct) =>
                TypedResults.ServerSentEvents(Stream(queries, time, ct), "overview"))
            .RequireAuthorization(PanelRoles.Viewer)
            .ExcludeFromDescription();

    private static async IAsyncEnumerable<string> Stream(PanelQueries queries, TimeProvider time, [EnumeratorCancellation] CancellationToken ct)
    {
        string? last = null;
        while (!ct.IsCancellationRequested)
        {
            var overview = await queries.OverviewAsync(ct).ConfigureAwait(false);
            // compare without the timestamp: only a real change is sent
            var payload = JsonSerializer.Serialize(overview with { At = default }, Json);
            if (payload != last)
            {
                last = payload;
                yield return JsonSerializer.Serialize(overview, Json);
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
