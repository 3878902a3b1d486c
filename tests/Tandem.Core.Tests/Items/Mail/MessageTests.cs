using System.Text;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using Tandem.Testing.Items;

namespace Tandem.Core.Tests.Items.Mail;

public sealed class MessageTests
{
    [Fact]
    public void Json_RoundTrip_KeepsTheMimeAndTheHeaderFields()
    {
        var message = SampleItems.Mail("Quarterly report", from: "ceo@lab.test") with { Categories = ValueList<string>.Of("Finance") };

        var back = Assert.IsType<Message>(ItemJson.Deserialize(ItemJson.Serialize(message)));

        Assert.Equal(message, back);
        Assert.Equal("Quarterly report", back.Subject);
        Assert.Equal("ceo@lab.test", back.From);
        Assert.Contains("\"Subject\":\"Quarterly report\"", ItemJson.Serialize(message), StringComparison.Ordinal);
    }

    [Fact]
    public void ContentHash_LfAndCrlfCopies_AreTheSameMessage()
    {
        var crlf = SampleItems.Mail("Line ends");
        var lf = Message.FromMime(Encoding.UTF8.GetBytes(SampleItems.MimeText("Line ends").Replace("\r\n", "\n", StringComparison.Ordinal)));

        Assert.NotEqual(crlf.MimeContent, lf.MimeContent);
        Assert.Equal(ContentHash.Compute(crlf), ContentHash.Compute(lf));
    }

    [Fact]
    public void ContentHash_DifferentBody_Differs()
    {
        Assert.NotEqual(ContentHash.Compute(SampleItems.Mail("Same", body: "one")), ContentHash.Compute(SampleItems.Mail("Same", body: "two")));
    }

    [Fact]
    public void IdentityKeys_AreTheMessageId()
    {
        var a = SampleItems.Mail("One", messageId: "x1@lab.test");
        var b = SampleItems.Mail("Other subject", messageId: "x1@lab.test");

        Assert.Equal(["msgid:x1@lab.test"], IdentityKeys.For(a));
        Assert.Equal(IdentityKeys.For(a), IdentityKeys.For(b));
    }

    [Fact]
    public void Rules_SubjectWordOrSender_SelectMessages()
    {
        // CodeTwo's example: a word in the subject, or a given sender
        var rules = new RuleEngine(SyncRules.Parse("""
            {"filter":{"match":"any","conditions":[
              {"field":"Subject","op":"contains","value":"invoice"},
              {"field":"From","op":"contains","value":"ceo@lab.test"}]}}
            """));

        Assert.True(rules.PassesContent(SampleItems.Mail("Your Invoice 42", from: "shop@example.org")));
        Assert.True(rules.PassesContent(SampleItems.Mail("Lunch", from: "The CEO <ceo@lab.test>")));
        Assert.False(rules.PassesContent(SampleItems.Mail("Lunch", from: "bob@lab.test")));
    }

    [Fact]
    public void Rules_Window_JudgesAMessageByItsDate()
    {
        var rules = new RuleEngine(SyncRules.Parse("""{"filter":{"window":{"pastDays":30}}}"""));
        var sent = SampleItems.Mail("Dated");   // 3 March 2026

        Assert.True(rules.InWindow(sent, new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(rules.InWindow(sent, new DateTimeOffset(2026, 5, 20, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Modify_AddCategory_KeepsTheMessage()
    {
        var rules = new RuleEngine(SyncRules.Parse("""{"modify":[{"action":"addCategory","value":"Copied"}]}"""));
        var message = SampleItems.Mail("Tagged");

        var modified = Assert.IsType<Message>(rules.Modify(message));

        Assert.Equal(message.MimeContent, modified.MimeContent);
        Assert.Equal(["Copied"], modified.Categories);
    }
}
