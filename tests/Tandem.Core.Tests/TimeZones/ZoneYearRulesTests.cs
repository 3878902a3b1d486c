using Tandem.Core.TimeZones;

namespace Tandem.Core.Tests.TimeZones;

public sealed class ZoneYearRulesTests
{
    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Europe/Berlin")]
    [InlineData("Australia/Sydney")] // southern: daylight time across the new year
    [InlineData("Asia/Kolkata")]
    public void Of_ZoneFromAFilesYearlyRules_OneRuleThatGivesTheOffsetsEveryThreeHours(string id)
    {
        var system = TimeZoneInfo.FindSystemTimeZoneById(id);
        var custom = CustomZoneBuilder.Build(VTimeZoneBuilder.Build(system, "Custom/" + id, 2026));

        var rules = ZoneYearRules.Of(custom, 2026, 2060);
        var rebuilt = ZoneYearRules.ToZone("rebuilt", rules);

        Assert.Single(rules);
        for (var t = new DateTime(2026, 1, 1, 0, 30, 0, DateTimeKind.Utc); t.Year <= 2060; t = t.AddHours(3))
        {
            Assert.True(system.GetUtcOffset(t) == rebuilt.GetUtcOffset(t), $"{id} at {t:u}: {system.GetUtcOffset(t)} vs {rebuilt.GetUtcOffset(t)}");
        }
    }

    [Fact]
    public void Of_FixedDateChangesOnLastSundays_SaidAsLastSundayOnce()
    {
        // a zone built from dated changes only (a file's RDATEs), each on a last Sunday
        var rule = TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 29);
        var end = TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 25);
        var zone = TimeZoneInfo.CreateCustomTimeZone("dated", TimeSpan.FromHours(1), "dated", "dated", "dated",
        [
            TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(new DateTime(2026, 1, 1), new DateTime(2026, 12, 31), TimeSpan.FromHours(1), rule, end),
            TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(new DateTime(2027, 1, 1), new DateTime(2027, 12, 31), TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 28), TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 31)),
        ]);

        var rules = ZoneYearRules.Of(zone, 2026, 2028);

        Assert.Equal(2, rules.Count); // 2026–2027 as one "last Sunday" rule, then no daylight time
        Assert.False(rules[0].DaylightStart.IsFixedDateRule);
        Assert.Equal(5, rules[0].DaylightStart.Week);
        Assert.Equal(DayOfWeek.Sunday, rules[0].DaylightEnd.DayOfWeek);
        Assert.Equal(2028, rules[1].FromYear);
        Assert.False(rules[1].HasDaylight);
    }
}
