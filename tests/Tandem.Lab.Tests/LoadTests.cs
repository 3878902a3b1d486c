using Xunit.Abstractions;
using static Tandem.Lab.Tests.LabHarness;

namespace Tandem.Lab.Tests;

/// <summary>
/// Bulk work stays proportional to the request: 2,000 contacts in batches of 100, then sync and a restricted FindItem.
/// No timing assertions here (timing goals belong to the benchmarks); the test prints what it measured.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BulkCreate_TwoThousandContacts_AllSyncedAndFindable()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var batch = 0; batch < 20; batch++)
        {
            var items = string.Concat(Enumerable.Range(0, 100).Select(i =>
                $"""<t:Contact><t:Subject>N{batch}-{i}</t:Subject><t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="c11ff724-aa03-4555-9952-8fa248a11c3e" PropertyName="TandemStamp" PropertyType="String"/><t:Value>b{batch}i{i}</t:Value></t:ExtendedProperty><t:GivenName>N{i}</t:GivenName><t:Surname>Batch{batch}</t:Surname></t:Contact>"""));
            await lab.CallAsync($"""<m:CreateItem><m:SavedItemFolderId><t:DistinguishedFolderId Id="contacts"/></m:SavedItemFolderId><m:Items>{items}</m:Items></m:CreateItem>""", "bob@lab.test");
        }

        var created = watch.Elapsed;
        var total = 0;
        string? state = null;
        while (true)
        {
            var m = await lab.CallOneAsync($"""<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="contacts"/></m:SyncFolderId>{(state is null ? string.Empty : $"<m:SyncState>{state}</m:SyncState>")}<m:MaxChangesReturned>512</m:MaxChangesReturned></m:SyncFolderItems>""", "bob@lab.test");
            total += m.Element(M + "Changes")!.Elements().Count();
            state = m.Element(M + "SyncState")!.Value;
            if (m.Element(M + "IncludesLastItemInRange")!.Value == "true")
            {
                break;
            }
        }

        var found = await lab.CallOneAsync("""<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:Restriction><t:IsEqualTo><t:ExtendedFieldURI PropertySetId="c11ff724-aa03-4555-9952-8fa248a11c3e" PropertyName="TandemStamp" PropertyType="String"/><t:FieldURIOrConstant><t:Constant Value="b7i42"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction><m:ParentFolderIds><t:DistinguishedFolderId Id="contacts"/></m:ParentFolderIds></m:FindItem>""", "bob@lab.test");
        output.WriteLine($"create 2000: {created.TotalMilliseconds:F0} ms; sync+find: {(watch.Elapsed - created).TotalMilliseconds:F0} ms");

        Assert.Equal(2000, total);
        Assert.Equal("1", (string?)found.Element(M + "RootFolder")!.Attribute("TotalItemsInView"));
    }
}
