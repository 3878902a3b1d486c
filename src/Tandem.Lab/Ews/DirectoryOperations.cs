using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>ResolveNames (the lab's directory is its mailboxes) and ConvertId (EwsId, EntryId, HexEntryId).</summary>
internal static class DirectoryOperations
{
    public static IEnumerable<XElement> ResolveNames(EwsCall call)
    {
        var query = call.Child("UnresolvedEntry")!.Value.Trim();
        if (query.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase))
        {
            query = query[5..];
        }

        var matches = call.Store.Mailboxes.Values
            .Where(m => m.Address.StartsWith(query, StringComparison.OrdinalIgnoreCase)
                || m.DisplayName.Split(' ').Any(w => w.StartsWith(query, StringComparison.OrdinalIgnoreCase))
                || m.DisplayName.StartsWith(query, StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.Address, StringComparer.Ordinal)
            .ToList();
        if (matches.Count == 0)
        {
            return [SoapWriter.Error("ResolveNames", new EwsException("ErrorNameResolutionNoResults", "No results were found."))];
        }

        var set = new XElement(Ns.M + "ResolutionSet",
            new XAttribute("TotalItemsInView", matches.Count),
            new XAttribute("IncludesLastItemInRange", "true"),
            matches.Select(m => new XElement(Ns.T + "Resolution",
                new XElement(Ns.T + "Mailbox",
                    new XElement(Ns.T + "Name", m.DisplayName),
                    new XElement(Ns.T + "EmailAddress", m.Address),
                    new XElement(Ns.T + "RoutingType", "SMTP"),
                    new XElement(Ns.T + "MailboxType", "Mailbox")))));
        return matches.Count == 1
            ? [SoapWriter.Success("ResolveNames", set)]
            : [SoapWriter.Warning("ResolveNames", "ErrorNameResolutionMultipleResults", "Multiple results were found.", set)];
    }

    public static IEnumerable<XElement> ConvertId(EwsCall call)
    {
        var destination = (string?)call.Operation.Attribute("DestinationFormat") ?? "EwsId";
        var results = new List<XElement>();
        foreach (var source in call.Child("SourceIds")!.Elements())
        {
            try
            {
                var format = (string?)source.Attribute("Format") ?? "EwsId";
                var id = (string?)source.Attribute("Id") ?? string.Empty;
                var bytes = Decode(format, id);
                if (bytes is not { Length: 19 } || !(LabIds.LooksLikeItemId(Convert.ToBase64String(bytes)) || LabIds.LooksLikeFolderId(Convert.ToBase64String(bytes))))
                {
                    throw EwsException.InvalidIdMalformed();
                }

                var converted = destination switch
                {
                    "HexEntryId" => Convert.ToHexString(bytes),
                    "EwsId" or "EntryId" or "EwsLegacyId" or "OwaId" => Convert.ToBase64String(bytes),
                    _ => throw new EwsException("ErrorInvalidIdNotAnItemAttachmentId", $"Conversion to {destination} is not supported."),
                };
                results.Add(SoapWriter.Success("ConvertId", new XElement(Ns.M + "AlternateId",
                    new XAttribute(Ns.Xsi + "type", "t:AlternateIdType"),
                    new XAttribute(XNamespace.Xmlns + "xsi", Ns.Xsi),
                    new XAttribute("Format", destination),
                    new XAttribute("Id", converted),
                    new XAttribute("Mailbox", Owner(call, Convert.ToBase64String(bytes)) ?? (string?)source.Attribute("Mailbox") ?? call.Principal.Address))));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("ConvertId", ex));
            }
        }

        return results;
    }

    /// <summary>
    /// The primary address of the mailbox an id belongs to: Exchange answers with it whatever Mailbox the request named
    /// (DavMail learns the user's own address by converting the id of msgfolderroot).
    /// </summary>
    private static string? Owner(EwsCall call, string id)
    {
        var folder = call.Store.Folder(id) ?? (call.Store.Item(id) is { } item ? call.Store.Folder(item.FolderId) : null);
        return folder is { IsPublic: false } ? call.Store.FindMailbox(folder.Owner)?.Address : null;
    }

    private static byte[]? Decode(string format, string id)
    {
        try
        {
            return format == "HexEntryId" ? Convert.FromHexString(id) : Convert.FromBase64String(id);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
