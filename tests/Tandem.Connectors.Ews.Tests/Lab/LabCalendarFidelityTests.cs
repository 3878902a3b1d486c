using System.Text.RegularExpressions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>
/// Calendar fields Exchange has no writable place for, against the lab. Documented behaviour relied on: CreateItem's
/// SendMeetingInvitations, UpdateItem's SendMeetingInvitationsOrCancellations and DeleteItem's SendMeetingCancellations
/// set to SendToNone send nothing (ews-notes.md §1.5); an item has one Body, UniqueBody and TextBody being read-only.
/// </summary>
public sealed partial class LabCalendarFidelityTests(LabContractFixture fixture) : IClassFixture<LabContractFixture>
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private LabFixture Lab => fixture.Lab;

    [Fact]
    public async Task MeetingWithOrganizerAndAttendees_WrittenAsDataWithoutSendingAnything()
    {
        var before = Lab.Requests.Count;
        var (folder, session) = await OpenAsync();
        var meeting = SampleItems.OrganizedWithBothBodies() with { Attendees = [new Attendee("bob@lab.test", "Bob"), new Attendee("carol@lab.test", "Carol", AttendeeRole.Optional)] };

        var created = await CreateAsync(session, meeting);
        var updated = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, SampleItems.Stamp("cal"), meeting with { Subject = "Planning (moved)" }, created.RemoteId, created.ChangeKey)], Ct));
        var read = await ReadOneAsync(folder);
        var deleted = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Delete, SampleItems.Stamp("cal"), RemoteId: read.RemoteId, ExpectedChangeKey: read.ChangeKey)], Ct));

        Assert.Equal(WriteOutcome.Ok, updated.Outcome);
        Assert.Equal(WriteOutcome.Ok, deleted.Outcome);
        Assert.Equal(meeting.Organizer, ((Event)read.Item!).Organizer);
        var writes = Lab.Requests.Skip(before).Where(r => Regex.IsMatch(r, "<m:(CreateItem|UpdateItem|DeleteItem)[ >]") && r.Contains("CalendarItem", StringComparison.Ordinal) || r.Contains("<m:DeleteItem", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, writes.Count);
        Assert.All(writes, w => Assert.Matches(SendToNone(), w));
        Assert.DoesNotContain(Lab.Requests.Skip(before), r => r.Contains("<m:SendItem", StringComparison.Ordinal) || r.Contains("SendOnlyToAll", StringComparison.Ordinal) || r.Contains("SendToAll", StringComparison.Ordinal));
        Lab.AssertRequestsValid();
    }

    [Fact]
    public async Task BothBodies_HtmlEditedElsewhere_StaleTextDroppedNotKept()
    {
        var (folder, session) = await OpenAsync();
        var item = SampleItems.OrganizedWithBothBodies();
        var created = await CreateAsync(session, item);
        var first = (Event)(await ReadOneAsync(folder)).Item!;
        Assert.Equal(item.Body, first.Body);
        Assert.Equal(item.HtmlBody, first.HtmlBody);

        // Outlook edits the body: it sets item:Body only, and knows nothing of Tandem's kept text.
        await LabSoap.PostAsync(Lab, $"""
            <m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>
            <t:ItemId Id="{created.RemoteId}" ChangeKey="{created.ChangeKey}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Body"/>
            <t:CalendarItem><t:Body BodyType="HTML">&lt;p&gt;Agenda changed in Outlook&lt;/p&gt;</t:Body></t:CalendarItem></t:SetItemField></t:Updates>
            </t:ItemChange></m:ItemChanges></m:UpdateItem>
            """, Ct);

        var after = (Event)(await ReadOneAsync(folder)).Item!;
        Assert.Contains("Agenda changed in Outlook", after.HtmlBody, StringComparison.Ordinal);
        Assert.Null(after.Body);
    }

    [Fact]
    public async Task FloatingEvent_WrittenAsUtcClockTimeAndReadBackFloating()
    {
        var (folder, session) = await OpenAsync();
        var item = SampleItems.FloatingSeries() with { Recurrence = null, Uid = "floating-single@example.com" };
        await CreateAsync(session, item);

        var read = (Event)(await ReadOneAsync(folder)).Item!;

        Assert.Equal(item.Start, read.Start);
        Assert.True(read.Start.IsFloating);
        Assert.Contains(Lab.Requests, r => r.Contains("<t:Start>2026-03-03T09:30:00Z</t:Start>", StringComparison.Ordinal) && r.Contains("TandemFloating", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SeriesUpdate_ExceptionRemoved_OccurrencePutBackToThePattern()
    {
        var (folder, session) = await OpenAsync();
        var series = SampleItems.SeriesWithExceptions();
        var created = await CreateAsync(session, series);
        Assert.Single(((Event)(await ReadOneAsync(folder)).Item!).Exceptions);

        var plain = series with { Exceptions = [] };
        var updated = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, SampleItems.Stamp("cal"), plain, created.RemoteId, created.ChangeKey)], Ct));

        Assert.Equal(WriteOutcome.Ok, updated.Outcome);
        var read = await ReadOneAsync(folder);
        Assert.Equal(updated.ChangeKey, read.ChangeKey);
        var e = (Event)read.Item!;
        Assert.Empty(e.Exceptions);
        Assert.Equal(series.DeletedOccurrences, e.DeletedOccurrences); // the deleted occurrence stays deleted
        // the occurrence is back at its pattern time (09:30 Berlin on 16 March), not at the exception's 14:00
        var view = await LabSoap.PostAsync(Lab, $"""
            <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:Start"/><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape>
            <m:CalendarView StartDate="2026-03-16T00:00:00Z" EndDate="2026-03-17T00:00:00Z"/><m:ParentFolderIds><t:FolderId Id="{await FolderIdAsync(folder)}"/></m:ParentFolderIds></m:FindItem>
            """, Ct);
        Assert.Contains("<t:Start>2026-03-16T08:30:00Z</t:Start>", view, StringComparison.Ordinal);
        Assert.DoesNotContain("Team sync (moved)", view, StringComparison.Ordinal);
    }

    [GeneratedRegex("(SendMeetingInvitations|SendMeetingInvitationsOrCancellations|SendMeetingCancellations)=\"SendToNone\"")]
    private static partial Regex SendToNone();

    private async Task<string> FolderIdAsync(FolderRef folder)
    {
        await using var connector = Lab.Connect();
        var folders = await connector.ListFoldersAsync("alice@lab.test", Ct);
        return Assert.Single(folders, f => f.Path.EndsWith(folder.Segments.Last(), StringComparison.Ordinal)).RemoteId!;
    }

    private async Task<(FolderRef Folder, IFolderSession Session)> OpenAsync()
    {
        var folder = FolderRef.Parse($"lab:alice@lab.test/Calendar/Fidelity {Guid.NewGuid():N}");
        return (folder, await Lab.Connect().OpenFolderAsync(folder, ItemKind.Event, create: true, Ct));
    }

    private static async Task<WriteResult> CreateAsync(IFolderSession session, Event item)
    {
        var result = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp("cal"), item)], Ct));
        Assert.True(result.Outcome == WriteOutcome.Ok, result.Error);
        return result;
    }

    private async Task<RemoteItem> ReadOneAsync(FolderRef folder)
    {
        await using var connector = Lab.Connect();
        await using var session = await connector.OpenFolderAsync(folder, ItemKind.Event, create: false, Ct);
        var read = Assert.Single((await session.ReadChangesAsync(null, Ct)).Upserts);
        Assert.Null(read.ParseError);
        return read;
    }
}
