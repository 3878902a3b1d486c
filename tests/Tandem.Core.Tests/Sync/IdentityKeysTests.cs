using Tandem.Core.Items;
using Tandem.Core.Sync;

namespace Tandem.Core.Tests.Sync;

public sealed class IdentityKeysTests
{
    [Fact]
    public void For_ContactsDifferingInEmailCaseAndNotes_ShareTheirFirstKey()
    {
        var a = new Contact { GivenName = "Ann", Emails = ValueList<EmailAddress>.Of(new EmailAddress("Ann@Contoso.com")), Notes = "x" };
        var b = new Contact { GivenName = "Anne", Emails = ValueList<EmailAddress>.Of(new EmailAddress(" ann@contoso.com")) };

        Assert.Equal(IdentityKeys.For(a)[0], IdentityKeys.For(b)[0]);
    }

    [Fact]
    public void For_ContactWithoutEmail_UsesFullNameAndCompany()
    {
        var a = new Contact { GivenName = "Bo", Surname = "Ek", CompanyName = "Fabrikam" };

        Assert.Equal(IdentityKeys.For(a), IdentityKeys.For(a with { JobTitle = "CEO" }));
        Assert.NotEqual(IdentityKeys.For(a), IdentityKeys.For(a with { CompanyName = "Contoso" }));
    }

    [Fact]
    public void For_Event_UsesUidFirst()
    {
        var e = new Event { Uid = "040000008200E00074C5B7101A82E008", Subject = "Review", Start = ItemTime.FromUtc(new DateTime(2026, 5, 1)) };

        Assert.Equal("uid:040000008200E00074C5B7101A82E008", IdentityKeys.For(e)[0]);
    }
}
