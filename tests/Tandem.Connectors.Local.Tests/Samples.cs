using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local.Tests;

internal static class Samples
{
    public static Contact Contact(string given, string surname, string? email = null) => new()
    {
        GivenName = given,
        Surname = surname,
        DisplayName = $"{given} {surname}",
        CompanyName = "Contoso",
        Emails = email is null ? ValueList<EmailAddress>.Empty : ValueList.ToValueList([new EmailAddress(email)]),
    };

    public static Event Meeting(string subject, int day) => new()
    {
        Uid = $"meeting-{day}@example.com",
        Subject = subject,
        Start = ItemTime.FromUtc(new DateTime(2026, 3, day, 9, 0, 0)),
        End = ItemTime.FromUtc(new DateTime(2026, 3, day, 10, 0, 0)),
        Location = "Room 1",
    };

    public static string HandMadeCard(string fullName, string given, string surname) =>
        "BEGIN:VCARD\r\nVERSION:3.0\r\n" +
        $"N:{surname};{given};;;\r\nFN:{fullName}\r\nEMAIL;TYPE=INTERNET:{given.ToLowerInvariant()}@example.org\r\nEND:VCARD\r\n";

    public static ItemStamp Stamp(string logicalId, string group = "company") => new(group, logicalId, "intent-" + logicalId);

    public static WriteRequest Create(CanonicalItem item, string logicalId, string group = "company") =>
        new(WriteKind.Create, Stamp(logicalId, group), item);

    public static LocalConnector Connector(string root, TimeProvider? time = null) =>
        (LocalConnector)new LocalConnectorFactory(time).Create(
            new ConnectionDefinition("files", "local", new Dictionary<string, string> { ["root"] = root, ["fsync"] = "false" }),
            new Dictionary<string, string>());

    public static async Task<LocalFolderSession> OpenAsync(string root, string reference = "files:alice@contoso.com/Contacts/Company", ItemKind kind = ItemKind.Contact) =>
        (LocalFolderSession)await Connector(root).OpenFolderAsync(FolderRef.Parse(reference), kind, create: true, CancellationToken.None);
}
