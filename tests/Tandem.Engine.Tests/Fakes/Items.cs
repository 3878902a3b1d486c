using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Engine.Tests.Fakes;

internal static class Items
{
    public static Contact Person(string given, string? surname = null, string? company = null, string? email = null, string? job = null, params string[] categories) =>
        SampleItems.Contact(given, surname, email, company, job, categories);

    public static IEnumerable<Contact> ContactsIn(MemoryFolder folder) => folder.Items.Select(e => e.Item).OfType<Contact>();

    public static Contact? ByGiven(MemoryFolder folder, string given) => ContactsIn(folder).SingleOrDefault(c => c.GivenName == given);

    public static string IdOf(MemoryFolder folder, string given) => folder.Items.Single(e => (e.Item as Contact)?.GivenName == given).RemoteId;
}
