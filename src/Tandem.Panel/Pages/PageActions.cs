using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.State;

namespace Tandem.Panel.Pages;

/// <summary>Post-redirect-get for a page's action: its message or its one-line error shows on the page reloaded.</summary>
internal static class PageActions
{
    public static async Task<IActionResult> RunAsync(PageModel page, Func<Task<string>> action)
    {
        try
        {
            page.TempData["Message"] = await action();
        }
        catch (Exception e) when (e is TandemConfigurationException or ArgumentException or FormatException or InvalidOperationException or IOException)
        {
            page.TempData["Error"] = e.Message;
        }
        return page.RedirectToPage();
    }
}
