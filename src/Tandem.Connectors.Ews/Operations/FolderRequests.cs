using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Operations;

/// <summary>Builders for the folder operations (pure: XML in, XML out; tests validate them against the schema).</summary>
internal static class FolderRequests
{
    public const int FolderPageSize = 500;

    private static XElement FolderShape() => X.M("FolderShape",
        X.T("BaseShape", "Default"),
        X.T("AdditionalProperties",
            X.T("FieldURI", new XAttribute("FieldURI", "folder:ParentFolderId")),
            X.T("FieldURI", new XAttribute("FieldURI", "folder:FolderClass")),
            X.T("FieldURI", new XAttribute("FieldURI", "folder:DisplayName")),
            X.T("FieldURI", new XAttribute("FieldURI", "folder:TotalCount")),
            X.T("FieldURI", new XAttribute("FieldURI", "folder:ChildFolderCount"))));

    public static XElement GetFolder(params FolderAddress[] folders) => X.M("GetFolder",
        FolderShape(),
        X.M("FolderIds", folders.Select(f => f.ToXml())));

    /// <summary>
    /// PR_REPLICA_LIST (0x6698) names the public-folder mailbox that holds a folder's content; content
    /// requests must be routed there (ews-notes.md §1.1).
    /// </summary>
    public static XElement GetReplicaList(FolderAddress folder) => X.M("GetFolder",
        X.M("FolderShape",
            X.T("BaseShape", "IdOnly"),
            X.T("AdditionalProperties", X.T("ExtendedFieldURI", new XAttribute("PropertyTag", "26264"), new XAttribute("PropertyType", "Binary")))),
        X.M("FolderIds", folder.ToXml()));

    /// <summary>One page of a folder's children. Shallow only: public folders refuse Deep traversal.</summary>
    public static XElement FindFolder(FolderAddress parent, int offset) => new(Ns.M + "FindFolder",
        new XAttribute("Traversal", "Shallow"),
        FolderShape(),
        X.M("IndexedPageFolderView",
            new XAttribute("MaxEntriesReturned", FolderPageSize),
            new XAttribute("Offset", offset),
            new XAttribute("BasePoint", "Beginning")),
        X.M("ParentFolderIds", parent.ToXml()));

    public static XElement CreateFolder(FolderAddress parent, string displayName, string folderElement, string folderClass) => X.M("CreateFolder",
        X.M("ParentFolderId", parent.ToXml()),
        X.M("Folders", X.T(folderElement, X.T("FolderClass", folderClass), X.T("DisplayName", displayName))));
}
