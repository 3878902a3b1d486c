using Tandem.Panel.Diagnostics;

namespace Tandem.Panel.Tests;

/// <summary>The diagnostics page's filter over the service's rolling files: by group, by member, by level and above.</summary>
public sealed class LogReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tandem-logs-" + Guid.NewGuid().ToString("N"));

    public LogReaderTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "tandem-20261204.log"), string.Join('\n',
            "2026-12-04T23:59:58.000Z [INF] 3013 Tandem.Service: Group company: cycle (initial) wrote 300 in 812 ms",
            ""));
        File.WriteAllText(Path.Combine(_dir, "tandem-20261205.log"), string.Join('\n',
            "2026-12-05T08:00:00.000Z [INF] 3010 Tandem.Service: Group company: started (1 members notify, 1 polled every 60 s)",
            "2026-12-05T08:00:01.000Z [WRN] 3014 Tandem.Service: Group company: member lab:bob@lab.test/Contacts failing: ErrorServerBusy; retried",
            "2026-12-05T08:00:02.000Z [ERR] 3015 Tandem.Service: Group sales: cycle failed: the database is locked; retried",
            "System.IO.IOException: the database is locked",
            "   at Tandem.State.Sqlite.SqliteStore.ApplyAsync()",
            "2026-12-05T08:00:03.000Z [INF] 3013 Tandem.Service: Group sales: cycle (notification) wrote 2 in 40 ms",
            "2026-12-05T08:00:04.000Z [WRN] 3014 Tandem.Service: Group sales: member lab:bob@lab.test/Calendar failing: ErrorMailboxMoveInProgress",
            ""));
    }

    private IReadOnlyList<LogLine> Read(LogFilter filter) => LogReader.Read(_dir, filter);

    [Fact]
    public void NoFilter_ReadsEveryFile_OldestFirst_WithTracesJoinedToTheirEntry()
    {
        var lines = Read(new LogFilter());
        Assert.Equal(["3013", "3010", "3014", "3015", "3013", "3014"], lines.Select(l => l.EventId));
        Assert.Contains("at Tandem.State.Sqlite.SqliteStore.ApplyAsync()", lines[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_KeepsOnlyThatGroupsLines() =>
        Assert.Equal(["3013", "3010", "3014"], Read(new LogFilter(Group: "company")).Select(l => l.EventId));

    [Fact]
    public void Member_KeepsOnlyLinesNamingIt_AcrossGroups()
    {
        var lines = Read(new LogFilter(Member: "bob@lab.test/Calendar"));
        Assert.Equal("sales", Assert.Single(lines).Message.Split(' ')[1].TrimEnd(':'));
        Assert.Equal(2, Read(new LogFilter(Member: "bob@lab.test")).Count);
    }

    [Theory]
    [InlineData("WRN", new[] { "WRN", "ERR", "WRN" })]
    [InlineData("warning", new[] { "WRN", "ERR", "WRN" })]
    [InlineData("ERR", new[] { "ERR" })]
    [InlineData("INF", new[] { "INF", "INF", "WRN", "ERR", "INF", "WRN" })]
    public void Level_KeepsThatLevelAndAbove(string level, string[] expected) =>
        Assert.Equal(expected, Read(new LogFilter(Level: level)).Select(l => l.Level));

    [Fact]
    public void Filters_Combine_AndTheLimitKeepsTheNewest()
    {
        Assert.Equal(["3015", "3014"], Read(new LogFilter(Group: "sales", Level: "WRN")).Select(l => l.EventId));
        Assert.Equal(["3013", "3014"], Read(new LogFilter(Limit: 2)).Select(l => l.EventId));
    }

    [Fact]
    public void NoDirectory_ReadsNothing() => Assert.Empty(LogReader.Read(null, new LogFilter()));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
