using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Panel.Security;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

public sealed class SignOutModel(AuditTrail audit) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    [RequireRole(AdminRole.Viewer)]
    public async Task<IActionResult> OnPostAsync()
    {
        await audit.RecordAsync(HttpContext, "sign-out", User.Identity?.Name ?? "", "ok");
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect(PanelPaths.SignIn);
    }
}
