using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Core.Tests.Items;

public class ContentHashTests
{
    [Fact]
    public void Compute_StoreNoiseOnly_SameHash()
    {
        var a = SampleItems.EveryFieldContact();
        var b = a with
        {
            Uid = "another-store-id",
            Extras = ValueList<ExtraProperty>.Empty,
            Notes = "  Met at the fair.\r\nLikes tea.  ",
            Categories = ValueList.Of("Customers", "VIP", "customers"),
            Emails = ValueList.Of(new EmailAddress("Anna@Contoso.com", "Anna (work)"), new EmailAddress("anna@home.example", "")),
            JobTitle = "Director ",
        };
        Assert.Equal(ContentHash.Compute(a), ContentHash.Compute(b));
    }

    [Fact]
    public void Compute_RealEdit_DifferentHash()
    {
        var a = SampleItems.EveryFieldContact();
        Assert.NotEqual(ContentHash.Compute(a), ContentHash.Compute(a with { JobTitle = "CEO" }));
        Assert.NotEqual(ContentHash.Compute(a), ContentHash.Compute(a with { Phones = a.Phones.Add(new Phone(PhoneKind.Home, "1")) }));
        Assert.NotEqual(ContentHash.Compute(a), ContentHash.Compute(a with { IsPrivate = false }));
    }

    [Fact]
    public void Compute_ItemsOfDifferentTypesWithSameText_DifferentHash()
    {
        var note = new Note { Subject = "x" };
        var task = new TaskItem { Subject = "x" };
        Assert.NotEqual(ContentHash.Compute(note), ContentHash.Compute(task));
    }

    [Fact]
    public void Compute_EventExceptionsInAnotherOrder_SameHash()
    {
        var e = SampleItems.EveryFieldEvent();
        var second = new EventException(new ItemTime(new DateTime(2026, 3, 9, 10, 0, 0), "Europe/Berlin"), e.Exceptions[0].Occurrence with { Subject = "other" });
        var x = e with { Exceptions = ValueList.Of(e.Exceptions[0], second) };
        var y = e with { Exceptions = ValueList.Of(second, e.Exceptions[0]) };
        Assert.Equal(ContentHash.Compute(x), ContentHash.Compute(y));
    }

    [Fact]
    public void Compute_Is32LowercaseHexDigits()
    {
        var hash = ContentHash.Compute(SampleItems.EveryFieldNote());
        Assert.Matches("^[0-9a-f]{32}$", hash);
    }
}

public class ContentHashKindTests
{
    [Fact]
    public void Compute_SameInstantsWithDifferentDateTimeKinds_SameHash()
    {
        // One store hands back UTC-kind values, another Unspecified: the same task must not look edited.
        var utc = SampleItems.EveryFieldTask();
        var unspecified = utc with
        {
            Completed = DateTime.SpecifyKind(utc.Completed!.Value, DateTimeKind.Unspecified),
            ReminderTime = DateTime.SpecifyKind(utc.ReminderTime!.Value, DateTimeKind.Unspecified),
            Due = utc.Due! with { Value = DateTime.SpecifyKind(utc.Due.Value, DateTimeKind.Utc) },
        };
        Assert.Equal(ContentHash.Compute(utc), ContentHash.Compute(unspecified));
    }
}

public class ContentHashPhoneOrderTests
{
    [Fact]
    public void Compute_PhonesReorderedByAStore_SameHash()
    {
        var a = SampleItems.EveryFieldContact();
        var reordered = a with { Phones = a.Phones.Reverse().ToValueList() };
        Assert.NotEqual(a.Phones, reordered.Phones);
        Assert.Equal(ContentHash.Compute(a), ContentHash.Compute(reordered));
    }
}

public class ContentHashStabilityTests
{
    [Fact]
    public void Compute_ReusedBuffer_EqualsTheHashOfTheSerializedNormalizedItem()
    {
        // hashes are stored in every member item: the buffer-reusing computation must give exactly what the plain
        // serialization gives, for every kind, however often and in whatever order it runs
        CanonicalItem[] items = [SampleItems.EveryFieldContact(), SampleItems.EveryFieldEvent(), SampleItems.EveryFieldTask(), SampleItems.EveryFieldNote(), new Contact { GivenName = "Ann" }];
        foreach (var item in items.Concat(items.Reverse()))
        {
            var plain = System.Security.Cryptography.SHA256.HashData(ItemJson.SerializeToUtf8(ItemNormalizer.Normalize(item)));
            Assert.Equal(Convert.ToHexStringLower(plain.AsSpan(0, 16)), ContentHash.Compute(item));
        }
    }
}
