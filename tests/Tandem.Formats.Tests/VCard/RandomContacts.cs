using System.Text;
using Tandem.Core.Items;

namespace Tandem.Formats.Tests.VCard;

/// <summary>Seeded random contacts covering every field of the model, with text that stresses escaping and folding.</summary>
internal static class RandomContacts
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 ;:,.\\\"^=-_/@'éüßØ日本語Ωщ";

    public static Contact Next(Random r)
    {
        var addresses = Enum.GetValues<AddressKind>().Where(_ => r.Next(3) == 0)
            .Select(k => new PostalAddress(k, Maybe(r, true), Maybe(r), Maybe(r), Maybe(r), Maybe(r), Maybe(r)))
            .ToList();
        var phoneKinds = Enum.GetValues<PhoneKind>().OrderBy(_ => r.Next()).Take(r.Next(0, 8)).ToList();
        return new Contact
        {
            Uid = r.Next(4) == 0 ? null : Guid.NewGuid().ToString() + Text(r, 5),
            NamePrefix = Maybe(r),
            GivenName = Maybe(r),
            MiddleName = Maybe(r),
            Surname = Maybe(r),
            NameSuffix = Maybe(r),
            DisplayName = Maybe(r),
            FileAs = Maybe(r),
            Nickname = Maybe(r),
            YomiGivenName = Maybe(r),
            YomiSurname = Maybe(r),
            YomiCompanyName = Maybe(r),
            Emails = Enumerable.Range(0, r.Next(0, 4))
                .Select(i => new EmailAddress($"user{i}.{r.Next(1000)}@example{i}.com", Maybe(r)))
                .ToValueList(),
            Phones = phoneKinds.Select(k => new Phone(k, "+1 (555) " + r.Next(1000, 9999) + Maybe(r, false, ";ext=" + r.Next(99)))).ToValueList(),
            Addresses = addresses.ToValueList(),
            MailingAddress = addresses.Count > 0 && r.Next(2) == 0 ? addresses[r.Next(addresses.Count)].Kind : null,
            CompanyName = Maybe(r),
            Department = Maybe(r),
            OfficeLocation = Maybe(r),
            JobTitle = Maybe(r),
            Profession = Maybe(r),
            Manager = Maybe(r),
            AssistantName = Maybe(r),
            Birthday = r.Next(3) == 0 ? null : RandomDate(r),
            Anniversary = r.Next(3) == 0 ? null : RandomDate(r),
            SpouseName = Maybe(r),
            WebPage = r.Next(2) == 0 ? null : "https://example.com/" + r.Next(),
            ImAddresses = Enumerable.Range(0, r.Next(0, 4))
                .Select(i => (r.Next(2) == 0 ? "xmpp:" : "") + $"im{i}_{r.Next(1000)}@chat.example")
                .ToValueList(),
            Notes = r.Next(3) == 0 ? null : Text(r, r.Next(1, 400), lines: true),
            Photo = r.Next(3) == 0 ? null : RandomPhoto(r),
            IsPrivate = r.Next(2) == 0,
            Categories = Enumerable.Range(0, r.Next(0, 4)).Select(_ => Text(r, r.Next(1, 12))).ToValueList(),
            Extras = r.Next(2) == 0
                ? ValueList<ExtraProperty>.Empty
                : ValueList<ExtraProperty>.Of(
                    new ExtraProperty("X-SOCIALPROFILE", "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/u" + r.Next()),
                    new ExtraProperty("X-CUSTOM", "item9.X-CUSTOM;X-P=\"a,b\":v\\,w " + new string('z', r.Next(0, 120)))),
        };
    }

    public static string Text(Random r, int length, bool lines = false)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var roll = r.Next(60);
            if (lines && roll == 0) sb.Append("\r\n");
            else if (lines && roll == 1) sb.Append('\n');
            else if (roll == 2) sb.Append("😀");
            else sb.Append(Alphabet[r.Next(Alphabet.Length)]);
        }
        return sb.ToString();
    }

    private static string? Maybe(Random r, bool lines = false, string? value = null) =>
        r.Next(3) == 0 ? null : value ?? Text(r, r.Next(1, 30), lines);

    private static DateOnly RandomDate(Random r) =>
        r.Next(5) == 0 ? new DateOnly(1604, r.Next(1, 13), r.Next(1, 29)) : new DateOnly(r.Next(1900, 2030), r.Next(1, 13), r.Next(1, 29));

    private static Photo RandomPhoto(Random r)
    {
        var bytes = new byte[r.Next(10, 600)];
        r.NextBytes(bytes);
        var mediaType = new[] { "image/jpeg", "image/png", "image/gif" }[r.Next(3)];
        return new Photo(mediaType, Convert.ToBase64String(bytes));
    }
}
