using Tandem.Core.Items;
using Tandem.Core.Sync;

namespace Tandem.Core.Tests.Sync;

public sealed class JsonMergeTests
{
    private static readonly Contact Base = new() { GivenName = "Ann", Surname = "Lee", JobTitle = "Clerk", Categories = ValueList<string>.Of("A") };

    [Fact]
    public void Merge_DifferentFieldsChanged_TakesEachSidesChange()
    {
        var merged = (Contact)JsonMerge.Merge(Base, Base with { Surname = "Smith" }, Base with { JobTitle = "Manager" }, oursIsNewer: false);

        Assert.Equal(("Smith", "Manager"), (merged.Surname, merged.JobTitle));
    }

    [Theory]
    [InlineData(true, "Ours")]
    [InlineData(false, "Theirs")]
    public void Merge_SameFieldChangedDifferently_NewerSideWins(bool oursIsNewer, string expected)
    {
        var merged = (Contact)JsonMerge.Merge(Base, Base with { Surname = "Ours" }, Base with { Surname = "Theirs" }, oursIsNewer);

        Assert.Equal(expected, merged.Surname);
    }

    [Fact]
    public void Merge_FieldClearedOnOneSide_StaysCleared()
    {
        var merged = (Contact)JsonMerge.Merge(Base, Base with { JobTitle = null }, Base with { Surname = "Smith" }, oursIsNewer: false);

        Assert.Null(merged.JobTitle);
        Assert.Equal("Smith", merged.Surname);
    }

    [Fact]
    public void Merge_ListFieldChangedOnOneSide_TakesTheWholeList()
    {
        var merged = JsonMerge.Merge(Base, Base with { Categories = ValueList<string>.Of("A", "B") }, Base, oursIsNewer: false);

        Assert.Equal(["A", "B"], merged.Categories);
    }

    [Fact]
    public void Merge_Events_KeepsRequiredStartAndType()
    {
        var start = ItemTime.FromUtc(new DateTime(2026, 5, 1, 9, 0, 0));
        var e = new Event { Subject = "Review", Start = start, Location = "Room 1" };

        var merged = Assert.IsType<Event>(JsonMerge.Merge(e, e with { Location = "Room 2" }, e with { Subject = "Design review" }, true));

        Assert.Equal(("Design review", "Room 2", start), (merged.Subject, merged.Location, merged.Start));
    }
}
