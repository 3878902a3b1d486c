using Tandem.Core.TimeZones;
using Xunit.Abstractions;

namespace Tandem.Core.Tests.TimeZones;

public sealed class VTimeZoneBuilderTests(ITestOutputHelper output)
{
    [Fact]
    public void Build_Berlin_DescribesLastSundayRules()
    {
        var definition = VTimeZoneBuilder.Build(TimeZoneResolver.FindZone("Europe/Berlin")!, "Europe/Berlin", 2026);
        Assert.Equal(2, definition.Observances.Count);
        var daylight = Assert.Single(definition.Observances, o => o.IsDaylight);
        Assert.Equal(TimeSpan.FromHours(1), daylight.OffsetFrom);
        Assert.Equal(TimeSpan.FromHours(2), daylight.OffsetTo);
        Assert.Equal(new TimeOnly(2, 0), TimeOnly.FromDateTime(daylight.Start));
        Assert.Equal([3], daylight.Rule!.ByMonth);
        Assert.Equal(-1, daylight.Rule.ByDay.Single().Ordinal);
    }

    [Fact]
    public void Build_Tokyo_SingleStandardObservance()
    {
        var definition = VTimeZoneBuilder.Build(TimeZoneResolver.FindZone("Asia/Tokyo")!, "Asia/Tokyo", 2026);
        var only = Assert.Single(definition.Observances);
        Assert.False(only.IsDaylight);
        Assert.Equal(TimeSpan.FromHours(9), only.OffsetTo);
    }

    /// <summary>Every system zone: the definition written for it gives the zone's own offsets, hour by hour, for years.</summary>
    [Fact]
    public void Build_EverySystemZone_DefinitionReproducesOffsets()
    {
        var failures = new List<string>();
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId))
        {
            var definition = VTimeZoneBuilder.Build(zone, zone.Id, 2026);
            var transitions = DefinitionTransitions.Compute(definition, 2029);
            for (var t = new DateTime(2026, 1, 1, 0, 30, 0); t.Year < 2029; t = t.AddHours(6))
            {
                var expected = zone.GetUtcOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc));
                var actual = DefinitionTransitions.OffsetAt(transitions, t);
                if (expected != actual)
                {
                    failures.Add($"{zone.Id} at {t:u}: zone {expected}, definition {actual}");
                    break;
                }
            }
        }
        foreach (var f in failures) output.WriteLine(f);
        Assert.Empty(failures);
    }

    [Fact]
    public void Build_ThenResolveByDefinition_FindsAZoneWithTheSameRules()
    {
        foreach (var id in new[] { "Europe/Berlin", "America/Chicago", "Australia/Sydney", "America/Sao_Paulo", "Asia/Kolkata", "Pacific/Auckland" })
        {
            var zone = TimeZoneResolver.FindZone(id)!;
            var definition = VTimeZoneBuilder.Build(zone, "Some Outlook name", 2026);
            var resolved = TimeZoneResolver.Resolve("Some Outlook name", definition, 2026)!;
            Assert.NotNull(resolved.IanaId);
            for (var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc); t.Year < 2028; t = t.AddDays(5))
                Assert.Equal(zone.GetUtcOffset(t), resolved.Zone.GetUtcOffset(t));
        }
    }
}
