using System.Xml.Linq;
using static Tandem.Lab.Tests.LabHarness;

namespace Tandem.Lab.Tests;

/// <summary>
/// StartTimeZone given as a whole t:TimeZoneDefinition (a zone the server has no id for), as Exchange 2010 and later
/// take it: the series is expanded by its rules, the definition is given back with canonical values, and one Exchange
/// would refuse is refused with ErrorTimeZone.
/// </summary>
public sealed class TimeZoneDefinitionTests
{
    // US-Eastern as the RFC 5545 examples call it (no Windows id): -05:00, -04:00 from the second Sunday in March to the
    // first Sunday in November; until 2007 from the first Sunday in April to the last Sunday in October.
    private const string Zone = """
        <t:StartTimeZone Id="US-Eastern" Name="US-Eastern">
          <t:Periods><t:Period Bias="PT300M" Name="Standard" Id="Std"/><t:Period Bias="PT4H" Name="Daylight" Id="Dlt"/></t:Periods>
          <t:TransitionsGroups>
            <t:TransitionsGroup Id="old">
              <t:RecurringDayTransition><t:To Kind="Period">Dlt</t:To><t:TimeOffset>PT2H</t:TimeOffset><t:Month>4</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek><t:Occurrence>1</t:Occurrence></t:RecurringDayTransition>
              <t:RecurringDayTransition><t:To Kind="Period">Std</t:To><t:TimeOffset>PT2H</t:TimeOffset><t:Month>10</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek><t:Occurrence>-1</t:Occurrence></t:RecurringDayTransition>
            </t:TransitionsGroup>
            <t:TransitionsGroup Id="2007">
              <t:RecurringDayTransition><t:To Kind="Period">Dlt</t:To><t:TimeOffset>PT2H</t:TimeOffset><t:Month>3</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek><t:Occurrence>2</t:Occurrence></t:RecurringDayTransition>
              <t:RecurringDayTransition><t:To Kind="Period">Std</t:To><t:TimeOffset>PT2H</t:TimeOffset><t:Month>11</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek><t:Occurrence>1</t:Occurrence></t:RecurringDayTransition>
            </t:TransitionsGroup>
          </t:TransitionsGroups>
          <t:Transitions>
            <t:Transition><t:To Kind="Group">old</t:To></t:Transition>
            <t:AbsoluteDateTransition><t:To Kind="Group">2007</t:To><t:DateTime>2007-01-01T00:00:00</t:DateTime></t:AbsoluteDateTransition>
          </t:Transitions>
        </t:StartTimeZone>
        """;

    // Mondays at 09:00 US-Eastern from 2 March 2026 (14:00Z), across the DST start on 8 March.
    private static string Series(string zone) => $"""
        <t:CalendarItem><t:Subject>Standup</t:Subject><t:Start>2026-03-02T14:00:00Z</t:Start><t:End>2026-03-02T14:30:00Z</t:End>
          <t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence><t:StartDate>2026-03-02</t:StartDate><t:NumberOfOccurrences>4</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>
          {zone}
        </t:CalendarItem>
        """;

    [Fact]
    public async Task CreateItem_SeriesInADefinedZone_ExpandedByItsRulesAndTheDefinitionGivenBack()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (master, _) = (await lab.CreateAsync(Series(Zone), "<t:DistinguishedFolderId Id=\"calendar\"/>")).Single();

        var view = await lab.CallOneAsync("""
            <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:Start"/></t:AdditionalProperties></m:ItemShape>
              <m:CalendarView StartDate="2026-03-01T00:00:00Z" EndDate="2026-04-01T00:00:00Z"/>
              <m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>
            """);
        Assert.Equal(["2026-03-02T14:00:00Z", "2026-03-09T13:00:00Z", "2026-03-16T13:00:00Z", "2026-03-23T13:00:00Z"],
            view.Descendants(T + "CalendarItem").Select(c => c.Element(T + "Start")!.Value));

        var stored = (await lab.GetAsync(master, additional: "<t:FieldURI FieldURI=\"calendar:StartTimeZone\"/>")).Element(T + "StartTimeZone")!;
        Assert.Equal("US-Eastern", (string?)stored.Attribute("Id"));
        Assert.Equal(["PT5H", "PT4H"], stored.Descendants(T + "Period").Select(p => (string)p.Attribute("Bias")!));
        Assert.Equal("2007-01-01T00:00:00", stored.Descendants(T + "DateTime").Single().Value); // a wall time of the zone, not an instant
        Assert.Equal(2, stored.Element(T + "TransitionsGroups")!.Elements().Count());
        lab.AssertAllExchangesValid();
    }

    [Theory]
    [InlineData("<t:To Kind=\"Group\">old</t:To>", "<t:To Kind=\"Group\">missing</t:To>")]
    [InlineData("<t:To Kind=\"Period\">Dlt</t:To><t:TimeOffset>PT2H</t:TimeOffset><t:Month>3</t:Month>", "<t:To Kind=\"Period\">Nowhere</t:To><t:TimeOffset>PT2H</t:TimeOffset><t:Month>3</t:Month>")]
    public async Task CreateItem_DefinitionReferringToNothing_RefusedWithErrorTimeZone(string part, string broken)
    {
        await using var lab = await LabHarness.StartAsync("empty");
        Assert.Contains(part, Zone, StringComparison.Ordinal);
        var m = await lab.CallOneAsync($"""<m:CreateItem SendMeetingInvitations="SendToNone"><m:SavedItemFolderId><t:DistinguishedFolderId Id="calendar"/></m:SavedItemFolderId><m:Items>{Series(Zone.Replace(part, broken, StringComparison.Ordinal))}</m:Items></m:CreateItem>""");
        Assert.Equal("ErrorTimeZone", Code(m));
    }
}
