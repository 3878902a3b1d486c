using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tandem.Lab.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task EwsRequests_AreLoggedWithStableIdsAndWithoutPasswords()
    {
        var lines = new ConcurrentQueue<(int Id, string Text)>();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new Capture(lines)).SetMinimumLevel(LogLevel.Information));
        var server = await LabServer.StartAsync(new LabOptions { Urls = "http://127.0.0.1:0", Seed = "empty", LoggerFactory = factory }, CancellationToken.None);
        await using (server)
        {
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("tandem@lab.test:lab"u8.ToArray()));
            var body = LabHarness.Envelope("""<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>""", "bob@lab.test");
            using var ok = await http.PostAsync(server.EwsUrl, new StringContent(body, System.Text.Encoding.UTF8, "text/xml"));
            using var refused = await http.PostAsync(server.EwsUrl, new StringContent(body.Replace("bob@lab.test", "nobody@lab.test", StringComparison.Ordinal), System.Text.Encoding.UTF8, "text/xml"));
        }

        Assert.Contains(lines, l => l.Id == 1 && l.Text.Contains("seed empty", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Id == 2 && l.Text.Contains("GetFolder by tandem@lab.test for bob@lab.test: HTTP 200", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Id == 3 && l.Text.Contains("ErrorNonExistentMailbox", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Text.Contains(":lab", StringComparison.Ordinal) || l.Text.Contains("dGFuZGVt", StringComparison.Ordinal));
    }

    private sealed class Capture(ConcurrentQueue<(int, string)> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(int, string)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((eventId.Id, formatter(state, exception)));
        }
    }
}
