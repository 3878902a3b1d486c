using Microsoft.Playwright;

namespace Tandem.Panel.Tests;

/// <summary>
/// Debian's chromium driven by Playwright (headless, never downloading a browser), started once per test run (see
/// <see cref="Chromium"/>) with a fresh context — cookies, storage — per session. When chromium is missing or will not
/// start, the test is reported skipped with the reason. Screenshots go to artifacts/panel-screenshots/ at the
/// repository root (or $TANDEM_ARTIFACTS/panel-screenshots).
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Starting = new(1, 1);
    private static (IPlaywright Playwright, IBrowser Browser)? _shared;

    private BrowserSession(IBrowserContext context, IPage page)
    {
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
        var browser = await SharedAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUri.ToString(), AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        return new BrowserSession(context, await context.NewPageAsync());
    }

    /// <summary>One chromium for the run: starting it is the slowest step of a browser test.</summary>
    private static async Task<IBrowser> SharedAsync()
    {
        await Starting.WaitAsync();
        try
        {
            if (_shared is { } s) return s.Browser;
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
                _shared = (playwright, browser);
                return browser;
            }
            catch (PlaywrightException e)
            {
                playwright?.Dispose();
                Skip.If(true, $"Playwright could not start {Chromium}: {e.Message.Split('\n')[0]}");
                throw;
            }
        }
        finally
        {
            Starting.Release();
        }
    }

    /// <summary>Closes the shared chromium (the panel fixture calls it when the run ends).</summary>
    public static async Task StopSharedAsync()
    {
        if (_shared is not { } s) return;
        _shared = null;
        await s.Browser.DisposeAsync();
        s.Playwright.Dispose();
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

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
