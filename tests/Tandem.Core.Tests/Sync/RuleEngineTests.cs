using Tandem.Core.Items;
using Tandem.Core.Sync;

namespace Tandem.Core.Tests.Sync;

public sealed class RuleEngineTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Contact Ann = new() { GivenName = "Ann", CompanyName = "Contoso Ltd", Categories = ValueList<string>.Of("Company"), Notes = "secret" };

    private static RuleEngine Rules(string json) => new(SyncRules.Parse(json));

    [Theory]
    [InlineData("equals", "contoso ltd", true)]
    [InlineData("equals", "Contoso", false)]
    [InlineData("notEquals", "Contoso", true)]
    [InlineData("contains", "toso", true)]
    [InlineData("startsWith", "Fabrikam", false)]
    public void PassesContent_FieldCondition_ComparesCaseInsensitively(string op, string value, bool expected)
    {
        var rules = Rules($$$"""{"filter":{"conditions":[{"field":"CompanyName","op":"{{{op}}}","value":"{{{value}}}"}]}}""");

        Assert.Equal(expected, rules.PassesContent(Ann));
    }

    [Fact]
    public void PassesContent_AnyOfTwoConditions_NeedsOnlyOne()
    {
        const string conditions = """[{"field":"CompanyName","op":"equals","value":"Fabrikam"},{"field":"JobTitle","op":"empty"}]""";

        Assert.True(Rules($$$"""{"filter":{"match":"any","conditions":{{{conditions}}}}}""").PassesContent(Ann));
        Assert.False(Rules($$$"""{"filter":{"match":"all","conditions":{{{conditions}}}}}""").PassesContent(Ann));
    }

    [Fact]
    public void PassesContent_CategoriesAndPrivateFlag_AreHonoured()
    {
        var rules = Rules("""{"filter":{"includeCategories":["company"],"excludeCategories":["Personal"],"excludePrivate":true}}""");

        Assert.True(rules.PassesContent(Ann));
        Assert.False(rules.PassesContent(Ann with { IsPrivate = true }));
        Assert.False(rules.PassesContent(Ann with { Categories = ValueList<string>.Of("Company", "Personal") }));
        Assert.False(rules.PassesContent(Ann with { Categories = ValueList<string>.Empty }));
    }

    [Fact]
    public void InWindow_Events_JudgedByTheirDatesAndOpenSeriesAlwaysIn()
    {
        var rules = Rules("""{"filter":{"window":{"pastDays":30,"futureDays":90}}}""");
        Event At(int days) => new() { Subject = "x", Start = ItemTime.FromUtc(Now.UtcDateTime.AddDays(days)), End = ItemTime.FromUtc(Now.UtcDateTime.AddDays(days).AddHours(1)) };

        Assert.True(rules.InWindow(At(-10), Now));
        Assert.False(rules.InWindow(At(-40), Now));
        Assert.False(rules.InWindow(At(120), Now));
        Assert.True(rules.InWindow(At(-400) with { Recurrence = new RecurrenceRule { Frequency = Frequency.Weekly } }, Now));
        Assert.True(rules.InWindow(Ann, Now));
    }

    [Fact]
    public void Modify_AddCategoryClearBodyAndSet_ChangesTheCopyOnly()
    {
        var rules = Rules("""{"modify":[{"action":"addCategory","value":"From HQ"},{"action":"clearBody"},{"action":"set","field":"JobTitle","value":"Staff"}]}""");

        var copy = (Contact)rules.Modify(Ann);

        Assert.Equal(["Company", "From HQ"], copy.Categories);
        Assert.Null(copy.Notes);
        Assert.Equal("Staff", copy.JobTitle);
        Assert.Equal("secret", Ann.Notes);
    }

    [Fact]
    public void Modify_SetCategory_ReplacesAllCategories()
    {
        var copy = Rules("""{"modify":[{"action":"setCategory","value":"Synced"}]}""").Modify(Ann);

        Assert.Equal(["Synced"], copy.Categories);
    }

    [Theory]
    [InlineData("""{"filter":{"conditions":[{"field":"","op":"empty"}]}}""", "no field")]
    [InlineData("""{"modify":[{"action":"addCategory"}]}""", "needs a value")]
    [InlineData("""{"filter":{"bogus":1}}""", "not valid")]
    [InlineData("""{"filter":{"window":{"pastDays":-1}}}""", "negative")]
    public void Parse_BadRules_ThrowsFormatExceptionSayingWhy(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SyncRules.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RoundTrip_KeepsTheRules()
    {
        var rules = SyncRules.Parse("""{"filter":{"match":"any","excludePrivate":true},"modify":[{"action":"clearBody"}]}""");

        var again = SyncRules.Parse(rules.ToJson());

        Assert.Equal(FilterMatch.Any, again.Filter!.Match);
        Assert.True(again.Filter.ExcludePrivate);
        Assert.Equal(ModifyAction.ClearBody, Assert.Single(again.Modify).Action);
    }
}
