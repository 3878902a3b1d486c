using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Operations;

/// <summary>A folder as EWS addresses it: by id, or by distinguished name (optionally in another mailbox).</summary>
internal sealed record FolderAddress(string? Id, string? ChangeKey = null, string? Distinguished = null, string? Mailbox = null)
{
    public static FolderAddress ById(string id) => new(id);

    public static FolderAddress Named(string distinguished, string? mailbox = null) => new(null, null, distinguished, mailbox);

    public XElement ToXml()
    {
        if (Id is not null)
        {
            var e = X.T("FolderId", new XAttribute("Id", Id));
            if (ChangeKey is not null) e.Add(new XAttribute("ChangeKey", ChangeKey));
            return e;
        }
        var d = X.T("DistinguishedFolderId", new XAttribute("Id", Distinguished!));
        if (Mailbox is not null) d.Add(X.T("Mailbox", X.T("EmailAddress", Mailbox)));
        return d;
    }

    public override string ToString() => Id ?? (Mailbox is null ? Distinguished! : $"{Distinguished}@{Mailbox}");
}
