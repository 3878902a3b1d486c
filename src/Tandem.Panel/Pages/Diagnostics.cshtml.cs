using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Panel.Diagnostics;
using Tandem.Panel.Security;
using Tandem.Service.Runtime;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

[RequireRole(AdminRole.Operator)]
public sealed class DiagnosticsModel(DiagnosticBundle bundle, ServiceSettings settings, AuditTrail audit) : PageModel
{
    [FromQuery(Name = "group")]
    public string? Group { get; set; }

    [FromQuery(Name = "member")]
    public string? Member { get; set; }

    [FromQuery(Name = "level")]
    public string? Level { get; set; }

    public bool LogsKept => settings.LogDirectory is not null;

    public IReadOnlyList<LogLine> Lines { get; private set; } = [];

    public void OnGet() => Lines = bundle.RecentLogs(new LogFilter(Group, Member, Level, 300));

    public async Task<IActionResult> OnGetBundleAsync(CancellationToken ct)
    {
        if (!PanelRoles.Has(User, AdminRole.Administrator))
        {
            await audit.RecordAsync(HttpContext, "access", "diagnostics bundle", "refused", "needs administrator");
            return StatusCode(403);
        }
        var zip = await bundle.CreateAsync(ct);
        await audit.RecordAsync(HttpContext, "diagnostics.bundle", "", "ok");
        return File(zip, "application/zip", DiagnosticBundle.FileName(bundle.Now));
    }
}
