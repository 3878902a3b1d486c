using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Panel.Security;

namespace Tandem.Panel.Pages;

[AllowAnonymousPage]
public sealed class SignInModel(SignInService signIn) : PageModel
{
    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [FromQuery(Name = "ReturnUrl")]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await signIn.CheckAsync(HttpContext, Name, Password, ct);
        Password = "";
        if (!result.Succeeded)
        {
            Error = result.Message;
            Response.StatusCode = result.LockedUntil is null ? 401 : 423;
            return Page();
        }
        var principal = new ClaimsPrincipal(PanelRoles.Identity(Name.Trim(), result.Role!.Value, CookieAuthenticationDefaults.AuthenticationScheme, "session"));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
