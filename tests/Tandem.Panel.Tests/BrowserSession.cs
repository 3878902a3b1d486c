using Microsoft.Playwright;

namespace Tandem.Panel.Tests;

/// <summary>
/// Debian's chromium driven by Playwright (headless, never downloading a browser). When chromium is missing or will not
/// start, the test is reported skipped with the reason. Screenshots go to artifacts/panel-screenshots/ at the
/// repository root (or $TANDEM_ARTIFACTS/panel-screenshots).
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public static string ScreenshotDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("TANDEM_ARTIFACTS") is { Length: > 0 } a ? a : Tandem.Testing.RepositoryRoot.Combine("artifacts"), "panel-screenshots");

    public static async Task<BrowserSession> StartAsync(Uri baseUri)
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (Debian package chromium; scripts/test installs it)");
        IPlaywright? playwright = null;
        try
        {
            playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-dev-shm-usage"],
                Timeout = 60_000,
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUri.ToString(), AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            context.SetDefaultTimeout(30_000);
            return new BrowserSession(playwright, browser, context, await context.NewPageAsync());
        }
        catch (PlaywrightException e)
        {
            playwright?.Dispose();
            Skip.If(true, $"Playwright could not start {Chromium}: {e.Message.Split('\n')[0]}");
            throw;
        }
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async Task SignInAsync(string name, string password)
    {
        await Page.GotoAsync("/signin");
        await Page.FillAsync("#name", name);
        await Page.FillAsync("#password", password);
        await Page.ClickAsync("button[type=submit]");
        await Page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
