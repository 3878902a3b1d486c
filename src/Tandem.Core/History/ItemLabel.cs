using Tandem.Core.Items;

namespace Tandem.Core.History;

/// <summary>
/// The text an item is found by in history searches: its title, and a contact's e-mail addresses (people search a
/// contact by either).
/// </summary>
public static class ItemLabel
{
    public static string Of(CanonicalItem item)
    {
        if (item is not Contact contact || contact.Emails.Count == 0) return item.Title;
        var addresses = contact.Emails.Select(e => e.Address).Where(a => !string.IsNullOrWhiteSpace(a) && !item.Title.Contains(a, StringComparison.OrdinalIgnoreCase));
        var joined = string.Join(", ", addresses);
        return joined.Length == 0 ? item.Title : $"{item.Title} <{joined}>";
    }

    public static bool Matches(CanonicalItem item, string text) =>
        Of(item).Contains(text, StringComparison.OrdinalIgnoreCase);
}
