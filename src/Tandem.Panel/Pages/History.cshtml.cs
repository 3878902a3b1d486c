using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Engine.History;
using Tandem.Panel.Security;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

/// <summary>"Why did this contact change?": search, then one item's every change. Items are data: operator and up.</summary>
[RequireRole(AdminRole.Operator)]
public sealed class HistoryModel(ItemHistory history, HistorySettings retention) : PageModel
{
    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    [FromQuery(Name = "group")]
    public string? Group { get; set; }

    [FromQuery(Name = "item")]
    public long? Item { get; set; }

    public IReadOnlyList<ItemMatch> Matches { get; private set; } = [];

    public IReadOnlyList<ItemHistoryLine>? Lines { get; private set; }

    public string? Error { get; private set; }

    public RetentionView Retention { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Retention = await retention.GetAsync(ct);
        try
        {
            if (!string.IsNullOrWhiteSpace(Query)) Matches = await history.SearchAsync(Query, null, 50, ct);
            if (Group is not null && Item is { } id) Lines = await history.LoadAsync(Group, id, ct);
        }
        catch (Exception e) when (e is TandemConfigurationException or ArgumentException)
        {
            Error = e.Message;
        }
    }

    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostRetentionAsync(string? days, CancellationToken ct) => PageActions.RunAsync(this, () => retention.SetAsync(HttpContext, days, ct));
}
