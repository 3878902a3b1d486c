using System.Xml.Linq;
using static Tandem.Lab.Tests.LabHarness;

namespace Tandem.Lab.Tests;

public sealed class OccurrenceTests
{
    // Mondays and Wednesdays at 09:00 Berlin time, six instances, across the end of summer time (25 Oct 2026).
    private const string Series = """
        <t:CalendarItem><t:Subject>Standup</t:Subject><t:Start>2026-10-19T07:00:00Z</t:Start><t:End>2026-10-19T07:30:00Z</t:End><t:Location>Room 1</t:Location>
          <t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday Wednesday</t:DaysOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence><t:StartDate>2026-10-19</t:StartDate><t:NumberOfOccurrences>6</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>
          <t:StartTimeZone Id="W. Europe Standard Time"/><t:EndTimeZone Id="W. Europe Standard Time"/>
        </t:CalendarItem>
        """;

    private static string Occurrence(string master, int index) => $"<t:OccurrenceItemId RecurringMasterId=\"{master}\" InstanceIndex=\"{index}\"/>";

    private static async Task<XElement> GetAsync(LabHarness lab, string idXml)
    {
        var m = await lab.CallOneAsync($"""<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>{idXml}</m:ItemIds></m:GetItem>""");
        AssertSuccess(m);
        return m.Element(M + "Items")!.Elements().Single();
    }

    [Fact]
    public async Task GetItem_OccurrenceByInstanceIndex_FollowsPatternAcrossDaylightSavingEnd()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (master, _) = (await lab.CreateAsync(Series, "<t:DistinguishedFolderId Id=\"calendar\"/>")).Single();

        var second = await GetAsync(lab, Occurrence(master, 2));
        var third = await GetAsync(lab, Occurrence(master, 3));

        Assert.Equal("2026-10-21T07:00:00Z", second.Element(T + "Start")!.Value);
        Assert.Equal("2026-10-26T08:00:00Z", third.Element(T + "Start")!.Value);
        Assert.Equal("2026-10-26T08:30:00Z", third.Element(T + "End")!.Value);
        Assert.Equal("Occurrence", third.Element(T + "CalendarItemType")!.Value);
        Assert.Null(third.Element(T + "Recurrence"));
        Assert.Equal("ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange", Code(await lab.CallOneAsync($"""<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds>{Occurrence(master, 7)}</m:ItemIds></m:GetItem>""")));
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task UpdateAndDeleteOccurrences_BecomeModifiedAndDeletedOccurrencesOfTheMaster()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (master, masterKey) = (await lab.CreateAsync(Series, "<t:DistinguishedFolderId Id=\"calendar\"/>")).Single();
        var bound = (await GetAsync(lab, Occurrence(master, 2))).Element(T + "ItemId")!;

        var update = await lab.CallOneAsync($"""
            <m:UpdateItem ConflictResolution="NeverOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>
              <t:ItemId Id="{bound.Attribute("Id")!.Value}" ChangeKey="{bound.Attribute("ChangeKey")!.Value}"/><t:Updates>
              <t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>Standup (moved)</t:Subject></t:CalendarItem></t:SetItemField>
              <t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2026-10-21T10:00:00Z</t:Start></t:CalendarItem></t:SetItemField>
              <t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>2026-10-21T10:30:00Z</t:End></t:CalendarItem></t:SetItemField>
            </t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>
            """);
        AssertSuccess(update);
        var deleted = await lab.CallOneAsync($"""<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds>{Occurrence(master, 4)}</m:ItemIds></m:DeleteItem>""");
        AssertSuccess(deleted);

        var series = await lab.GetAsync(master);
        Assert.NotEqual(masterKey, (string)series.Element(T + "ItemId")!.Attribute("ChangeKey")!);
        var modified = series.Element(T + "ModifiedOccurrences")!.Elements().Single();
        Assert.Equal(bound.Attribute("Id")!.Value, (string?)modified.Element(T + "ItemId")!.Attribute("Id"));
        Assert.Equal("2026-10-21T10:00:00Z", modified.Element(T + "Start")!.Value);
        Assert.Equal("2026-10-21T07:00:00Z", modified.Element(T + "OriginalStart")!.Value);
        Assert.Equal("2026-10-28T08:00:00Z", series.Element(T + "DeletedOccurrences")!.Elements().Single().Element(T + "Start")!.Value);

        var exception = await GetAsync(lab, $"<t:ItemId Id=\"{bound.Attribute("Id")!.Value}\"/>");
        Assert.Equal("Standup (moved)", exception.Element(T + "Subject")!.Value);
        Assert.Equal("Exception", exception.Element(T + "CalendarItemType")!.Value);
        Assert.Equal("Room 1", exception.Element(T + "Location")!.Value);
        Assert.Equal("ErrorCalendarOccurrenceIsDeletedFromRecurrence", Code(await lab.CallOneAsync($"""<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds>{Occurrence(master, 4)}</m:ItemIds></m:GetItem>""")));

        var viaMaster = await GetAsync(lab, $"<t:RecurringMasterItemId OccurrenceId=\"{bound.Attribute("Id")!.Value}\"/>");
        Assert.Equal(master, (string?)viaMaster.Element(T + "ItemId")!.Attribute("Id"));
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task FindItem_CalendarView_ExpandsOccurrencesSkipsDeletedAndShowsExceptions()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (master, _) = (await lab.CreateAsync(Series, "<t:DistinguishedFolderId Id=\"calendar\"/>")).Single();
        await lab.CreateAsync("<t:CalendarItem><t:Subject>One-off</t:Subject><t:Start>2026-10-22T12:00:00Z</t:Start><t:End>2026-10-22T13:00:00Z</t:End></t:CalendarItem>", "<t:DistinguishedFolderId Id=\"calendar\"/>");
        AssertSuccess(await lab.CallOneAsync($"""<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds>{Occurrence(master, 3)}</m:ItemIds></m:DeleteItem>"""));

        var view = await lab.CallOneAsync("""
            <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="calendar:Start"/><t:FieldURI FieldURI="calendar:CalendarItemType"/></t:AdditionalProperties></m:ItemShape>
              <m:CalendarView StartDate="2026-10-19T00:00:00Z" EndDate="2026-10-29T00:00:00Z"/>
              <m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>
            """);
        var items = view.Descendants(T + "CalendarItem").Select(c => (c.Element(T + "Subject")!.Value, c.Element(T + "Start")!.Value, c.Element(T + "CalendarItemType")!.Value)).ToList();
        Assert.Equal(
            [("Standup", "2026-10-19T07:00:00Z", "Occurrence"), ("Standup", "2026-10-21T07:00:00Z", "Occurrence"), ("One-off", "2026-10-22T12:00:00Z", "Single"), ("Standup", "2026-10-28T08:00:00Z", "Occurrence")],
            items);
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task CreateItem_WithDeletedOccurrences_IsRefusedAsReadOnly()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var m = await lab.CallOneAsync("""
            <m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>X</t:Subject><t:Start>2026-10-19T07:00:00Z</t:Start><t:End>2026-10-19T07:30:00Z</t:End>
              <t:DeletedOccurrences><t:DeletedOccurrence><t:Start>2026-10-21T07:00:00Z</t:Start></t:DeletedOccurrence></t:DeletedOccurrences></t:CalendarItem></m:Items></m:CreateItem>
            """);
        Assert.Equal("ErrorInvalidPropertySet", Code(m));
    }

    [Fact]
    public async Task DemoSeed_StandupSeriesHasAMovedAndTwoDeletedOccurrences()
    {
        await using var lab = await LabHarness.StartAsync();
        var calendar = (string)(await lab.PublicFolderAsync("Company Calendar")).Element(T + "FolderId")!.Attribute("Id")!;
        var found = await lab.CallOneAsync($"""<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:Restriction><t:IsEqualTo><t:FieldURI FieldURI="item:Subject"/><t:FieldURIOrConstant><t:Constant Value="Daily stand-up"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction><m:ParentFolderIds><t:FolderId Id="{calendar}"/></m:ParentFolderIds></m:FindItem>""");
        var id = (string)found.Descendants(T + "ItemId").Single().Attribute("Id")!;
        var series = await lab.GetAsync(id);
        Assert.Equal("2026-11-04T09:00:00Z", series.Element(T + "ModifiedOccurrences")!.Descendants(T + "Start").Single().Value);
        Assert.Equal(2, series.Element(T + "DeletedOccurrences")!.Elements().Count());
        var moved = await GetAsync(lab, $"<t:ItemId Id=\"{series.Element(T + "ModifiedOccurrences")!.Descendants(T + "ItemId").Single().Attribute("Id")!.Value}\"/>");
        Assert.Equal("Room 202", moved.Element(T + "Location")!.Value);
        lab.AssertAllExchangesValid();
    }
}
