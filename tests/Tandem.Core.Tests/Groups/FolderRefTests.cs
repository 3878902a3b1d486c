using Tandem.Core.Groups;

namespace Tandem.Core.Tests.Groups;

public class FolderRefTests
{
    [Fact]
    public void Parse_MailboxFolder_SplitsParts()
    {
        var f = FolderRef.Parse("hq:alice@contoso.com/Contacts/Company");
        Assert.Equal(new FolderRef("hq", "alice@contoso.com", "Contacts/Company"), f);
        Assert.False(f.IsPublicFolder);
        Assert.Equal(["Contacts", "Company"], f.Segments);
        Assert.Equal("hq:alice@contoso.com/Contacts/Company", f.ToString());
    }

    [Fact]
    public void Parse_PublicFolderWithSpaces_IsPublic()
    {
        var f = FolderRef.Parse("hq:public/Company Contacts");
        Assert.True(f.IsPublicFolder);
        Assert.Equal("Company Contacts", f.FolderPath);
    }

    [Theory]
    [InlineData("alice/Contacts", "no connection name")]
    [InlineData("hq:alice", "no mailbox or folder")]
    [InlineData("hq:/Contacts", "no mailbox or folder")]
    [InlineData("hq:alice/", "names no folder")]
    public void TryParse_BadReference_SaysWhy(string text, string reason)
    {
        Assert.False(FolderRef.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
        Assert.Contains(text, error);
    }
}
