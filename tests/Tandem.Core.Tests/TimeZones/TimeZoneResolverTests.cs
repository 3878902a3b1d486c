using Tandem.Core.Items;
using Tandem.Core.TimeZones;

namespace Tandem.Core.Tests.TimeZones;

public sealed class TimeZoneResolverTests
{
    [Theory]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires")]
    [InlineData("W. Europe Standard Time", "Europe/Berlin")]
    [InlineData("Eastern Standard Time", "America/New_York")]
    [InlineData("India Standard Time", "Asia/Kolkata")]
    [InlineData("Nepal Standard Time", "Asia/Kathmandu")]
    [InlineData("W. Europe", "Europe/Berlin")]
    [InlineData("Pacific", "America/Los_Angeles")]
    [InlineData("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Berlin")]
    [InlineData("(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "Europe/Paris")]
    [InlineData("(GMT+01.00) Amsterdam / Berlin / Bern / Rome / Stockholm / Vienna", "Europe/Berlin")]
    [InlineData("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York")]
    [InlineData("(UTC-08:00) Pacific Time (US & Canada)", "America/Los_Angeles")]
    [InlineData("(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "Asia/Kolkata")]
    [InlineData("(UTC+10:00) Canberra, Melbourne, Sydney", "Australia/Sydney")]
    [InlineData("(UTC) Dublin, Edinburgh, Lisbon, London", "Europe/London")] // Windows' GMT Standard Time
    [InlineData("(UTC-07:00) Chihuahua, La Paz, Mazatlan", "America/Chihuahua")]
    [InlineData("(UTC) Coordinated Universal Time", "UTC")]
    [InlineData("/mozilla.org/20050126_1/Europe/Berlin", "Europe/Berlin")]
    [InlineData("/softwarestudio.org/Olson_20011030_5/America/New_York", "America/New_York")]
    [InlineData("/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires")]
    [InlineData("/citadel.org/20190914_1/Europe/London", "Europe/London")]
    [InlineData("Z=-1$DO=1$DL=3 -1 1 10 -1 1$ZX=78$ZN=W. Europe", "Europe/Berlin")]
    [InlineData("UTC", "UTC")]
    [InlineData("GMT", "UTC")]
    [InlineData("Etc/UTC", "UTC")]
    [InlineData("\"Europe/Vienna\"", "Europe/Vienna")]
    [InlineData("GMT+02:00", "Etc/GMT-2")]
    [InlineData("UTC-5", "Etc/GMT+5")]
    public void ResolveIanaId_KnownSpellings_GiveTheZone(string tzid, string expected)
    {
        Assert.Equal(expected, TimeZoneResolver.ResolveIanaId(tzid));
    }

    [Theory]
    [InlineData("Customized Time Zone")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("(UTC+01:00) Atlantis")]
    public void ResolveIanaId_UnknownNames_GiveNull(string tzid)
    {
        Assert.Null(TimeZoneResolver.ResolveIanaId(tzid));
    }

    [Fact]
    public void Resolve_UnknownNameWithUsEasternDefinition_MatchesNewYork()
    {
        var definition = Definition(-5, -4, daylightMonth: 3, daylightWeek: 2, standardMonth: 11, standardWeek: 1);
        var resolution = TimeZoneResolver.Resolve("Customized Time Zone", definition, 2026);
        Assert.NotNull(resolution);
        Assert.Equal("America/New_York", resolution.IanaId);
    }

    [Fact]
    public void Resolve_UnknownNameWithEuropeanDefinition_MatchesBerlin()
    {
        var definition = Definition(1, 2, daylightMonth: 3, daylightWeek: -1, standardMonth: 10, standardWeek: -1, daylightHour: 2, standardHour: 3);
        Assert.Equal("Europe/Berlin", TimeZoneResolver.Resolve("GMT +0100 (Standard) / GMT +0200 (Daylight)", definition, 2026)!.IanaId);
    }

    [Fact]
    public void Resolve_DefinitionNoZoneHas_BuildsCustomZoneWithItsOffsets()
    {
        var definition = Definition(2.5, 3.5, daylightMonth: 4, daylightWeek: 1, standardMonth: 10, standardWeek: 1);
        var resolution = TimeZoneResolver.Resolve("Odd zone", definition, 2026);
        Assert.NotNull(resolution);
        Assert.Null(resolution.IanaId);
        Assert.Equal(TimeSpan.FromHours(3.5), resolution.Zone.GetUtcOffset(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(TimeSpan.FromHours(2.5), resolution.Zone.GetUtcOffset(new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc)));
        // First Sunday of April 2026 is the 5th; the change happens at 02:00 local.
        Assert.Equal(TimeSpan.FromHours(2.5), resolution.Zone.GetUtcOffset(new DateTime(2026, 4, 4, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(TimeSpan.FromHours(3.5), resolution.Zone.GetUtcOffset(new DateTime(2026, 4, 5, 12, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Resolve_UnknownNameWithoutDefinition_IsNull()
    {
        Assert.Null(TimeZoneResolver.Resolve("Customized Time Zone"));
    }

    [Theory]
    [InlineData("Europe/Berlin", "W. Europe Standard Time")]
    [InlineData("America/New_York", "Eastern Standard Time")]
    [InlineData("Asia/Kolkata", "India Standard Time")]
    [InlineData("UTC", "UTC")]
    public void ToWindowsId_IanaId_GivesWindowsZone(string iana, string windows)
    {
        Assert.Equal(windows, TimeZoneResolver.ToWindowsId(iana));
    }

    [Fact]
    public void FindZone_UtcAndWindowsAndUnknown_BehaveAsDocumented()
    {
        Assert.Same(TimeZoneInfo.Utc, TimeZoneResolver.FindZone(ItemTime.Utc));
        Assert.Equal("Europe/Berlin", TimeZoneResolver.FindZone("W. Europe Standard Time")!.Id);
        Assert.Null(TimeZoneResolver.FindZone("Nowhere/Special"));
    }

    private static VTimeZoneDefinition Definition(double standard, double daylight, int daylightMonth, int daylightWeek, int standardMonth, int standardWeek, int daylightHour = 2, int standardHour = 2)
    {
        var std = TimeSpan.FromHours(standard);
        var dst = TimeSpan.FromHours(daylight);
        return new VTimeZoneDefinition("x",
        [
            new TimeZoneObservance(false, new DateTime(1601, standardMonth, 1, standardHour, 0, 0), dst, std,
                new RecurrenceRule { Frequency = Frequency.Yearly, ByMonth = [standardMonth], ByDay = [new WeekdayNum(DayOfWeek.Sunday, standardWeek)] }),
            new TimeZoneObservance(true, new DateTime(1601, daylightMonth, 1, daylightHour, 0, 0), std, dst,
                new RecurrenceRule { Frequency = Frequency.Yearly, ByMonth = [daylightMonth], ByDay = [new WeekdayNum(DayOfWeek.Sunday, daylightWeek)] }),
        ]);
    }
}
