using System.Collections.Concurrent;
using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>
/// Contact photos: the contact's file attachment with IsContactPhoto (Outlook's "ContactPicture.jpg"). GetItem lists
/// attachments without their content, so a photo is fetched with GetAttachment only when this connection has not
/// fetched that attachment (id and size) before: an unchanged photo is not downloaded again on every cycle. A photo
/// over the connection's cap, or any photo when photos are left out, is read as withheld and never touched on write.
/// One instance per connector, shared by its folder sessions.
/// </summary>
internal sealed partial class ContactPhotos(PhotoSettings settings, ILogger log)
{
    /// <summary>Beyond this many cached bytes (base64) the cache starts over: it saves downloads, it is not a store.</summary>
    private const long CacheLimit = 64L * 1024 * 1024;
    private const string PhotoName = "ContactPicture.jpg";

    /// <summary>Photos per GetAttachment: their content comes whole in the answer, up to the cap each.</summary>
    private const int FetchBatch = 10;

    /// <summary>Photos by attachment id, with the size the server listed for it once known.</summary>
    private readonly ConcurrentDictionary<string, (Photo Photo, long? Size)> _cache = new(StringComparer.Ordinal);
    private long _cachedBytes;

    /// <summary>
    /// Contacts known to hold no photo attachment at a ChangeKey (read or written so): an update of one at that key without
    /// a photo needs no listing of its attachments, so contacts without photos cost no request more than before.
    /// </summary>
    private readonly ConcurrentDictionary<string, string> _withoutPhoto = new(StringComparer.Ordinal);

    public PhotoSettings Settings => settings;

    /// <summary>A contact written: its id, the item, whether it was created, the ChangeKey the write expected and the one it got.</summary>
    public sealed record PhotoWrite(string Id, Contact Contact, bool Created, string? ExpectedChangeKey, string? ChangeKey);

    /// <summary>A contact photo attachment as GetItem lists it.</summary>
    public sealed record Listed(string Id, long Size, string? ContentType);

    public static IReadOnlyList<Listed> PhotosOf(XElement item) =>
        item.TChild("Attachments")?.Elements(Ns.T + "FileAttachment")
            .Where(a => a.Bool("IsContactPhoto") == true && a.TChild("AttachmentId")?.Attribute("Id") is not null)
            .Select(a => new Listed((string)a.TChild("AttachmentId")!.Attribute("Id")!,
                long.TryParse(a.Text("Size"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ? size : 0, a.Text("ContentType")))
            .ToList() ?? [];

    /// <summary>Puts each contact's photo in it: from the cache, fetched, or withheld; returns the items with photos set.</summary>
    public async Task<List<RemoteItem>> FillAsync(FolderContext context, IReadOnlyList<(RemoteItem Item, XElement Element)> contacts, CancellationToken ct)
    {
        var result = new List<RemoteItem>(contacts.Count);
        var fetch = new List<(int Index, Listed Photo)>();
        foreach (var (item, element) in contacts)
        {
            var photo = PhotosOf(element).FirstOrDefault();
            if (photo is null) _withoutPhoto[item.RemoteId] = item.ChangeKey;
            else _withoutPhoto.TryRemove(item.RemoteId, out _);
            if (item.Item is Contact left && !settings.Include)
            {
                // photos left out: this store says nothing about them, with or without one
                result.Add(item with { Item = left with { Photo = Photo.Withheld(photo?.ContentType) } });
                continue;
            }
            if (item.Item is not Contact contact || photo is null)
            {
                result.Add(item);
                continue;
            }
            if (!settings.Carries(photo.Size))
            {
                LogOverCap(log, contact.Title, photo.Size, settings.MaxBytes);
                result.Add(item with { Item = contact with { Photo = Photo.Withheld(photo.ContentType) } });
                continue;
            }
            if (Cached(photo) is { } cached)
            {
                result.Add(item with { Item = contact with { Photo = cached } });
                continue;
            }
            fetch.Add((result.Count, photo));
            result.Add(item);
        }
        if (fetch.Count == 0) return result;
        var messages = new List<ResponseMessage>(fetch.Count);
        foreach (var chunk in fetch.Chunk(FetchBatch))
        {
            messages.AddRange(await context.Client.SendBatchAsync(chunk.Length, idx => X.M("GetAttachment",
                X.M("AttachmentIds", idx.Select(i => X.T("AttachmentId", new XAttribute("Id", chunk[i].Photo.Id))))), context.Call, ct).ConfigureAwait(false));
        }
        for (var k = 0; k < fetch.Count; k++)
        {
            var (index, listed) = fetch[k];
            var item = result[index];
            var attachment = messages[k].Element.MChild("Attachments")?.Elements().FirstOrDefault();
            var content = attachment.Text("Content");
            if (!messages[k].IsSuccess || string.IsNullOrEmpty(content))
            {
                // gone since GetItem listed it (or unreadable): withheld this time, so it is not taken for a removal
                LogPhotoUnreadable(log, item.Item!.Title, messages[k].ResponseCode);
                result[index] = item with { Item = (Contact)item.Item! with { Photo = Photo.Withheld(listed.ContentType) } };
                continue;
            }
            var photo = new Photo(MediaType(attachment.Text("ContentType") ?? listed.ContentType), content.Trim());
            Remember(listed.Id, photo, listed.Size);
            result[index] = item with { Item = (Contact)item.Item! with { Photo = photo } };
        }
        return result;
    }

    /// <summary>
    /// After contacts were created or updated: their photo attachments made to match the written item. A withheld photo,
    /// or any photo when photos are left out, leaves the attachments as they are; so does an item without a photo whose
    /// store holds one over the cap (Tandem never read it, so it cannot have been removed). The group's photo is written
    /// whatever its size: the cap limits what this store hands over. Returns the ids whose ChangeKey moved.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> WriteAsync(FolderContext context, IReadOnlyList<PhotoWrite> written, CancellationToken ct)
    {
        if (!settings.Include) return [];
        var relevant = new List<PhotoWrite>();
        foreach (var w in written)
        {
            var stillWithout = w.Contact.Photo is null && (w.Created || (w.ExpectedChangeKey is not null && _withoutPhoto.TryGetValue(w.Id, out var key) && key == w.ExpectedChangeKey));
            if (stillWithout)
            {
                if (w.ChangeKey is not null) _withoutPhoto[w.Id] = w.ChangeKey;
                continue;
            }
            _withoutPhoto.TryRemove(w.Id, out _);
            if (w.Contact.Photo is not { IsWithheld: true }) relevant.Add(w);
        }
        if (relevant.Count == 0) return [];
        var existing = await ListAsync(context, relevant.Where(w => !w.Created).Select(w => w.Id).ToArray(), ct).ConfigureAwait(false);
        var deletes = new List<string>();
        var creates = new List<(string Id, Photo Photo)>();
        foreach (var (id, contact, _, _, _) in relevant)
        {
            var current = existing.GetValueOrDefault(id) ?? [];
            var wanted = contact.Photo;
            if (wanted is not null && current.Count == 1 && Cached(current[0]) == wanted) continue;
            if (wanted is null) current = current.Where(c => c.Size <= settings.MaxBytes).ToList();
            if (wanted is null && current.Count == 0) continue;
            deletes.AddRange(current.Select(c => c.Id));
            if (wanted is not null) creates.Add((id, wanted));
        }
        var touched = new HashSet<string>(StringComparer.Ordinal);
        if (deletes.Count > 0)
        {
            var messages = await context.Client.SendBatchAsync(deletes.Count, idx => X.M("DeleteAttachment",
                X.M("AttachmentIds", idx.Select(i => X.T("AttachmentId", new XAttribute("Id", deletes[i]))))), context.Call, ct).ConfigureAwait(false);
            foreach (var m in messages.Where(m => !m.IsSuccess && m.ResponseCode != "ErrorInvalidAttachmentId"))
            {
                throw new EwsException(m.ResponseCode, $"deleting a contact photo: {m.MessageText ?? m.ResponseCode}");
            }
            foreach (var (id, _, _, _, _) in relevant.Where(r => existing.GetValueOrDefault(r.Id)?.Any(c => deletes.Contains(c.Id)) == true)) touched.Add(id);
        }
        foreach (var (id, photo) in creates)
        {
            // CreateAttachment takes one parent item per request
            var message = (await context.Client.SendBatchAsync(1, _ => X.M("CreateAttachment",
                X.M("ParentItemId", new XAttribute("Id", id)),
                X.M("Attachments", X.T("FileAttachment",
                    X.T("Name", PhotoName), X.T("ContentType", photo.MediaType), X.T("IsContactPhoto", "true"), X.T("Content", photo.Data)))),
                context.Call, ct).ConfigureAwait(false))[0];
            if (!message.IsSuccess) throw new EwsException(message.ResponseCode, $"writing a contact photo: {message.MessageText ?? message.ResponseCode}");
            if (message.Element.MChild("Attachments")?.Elements().FirstOrDefault()?.TChild("AttachmentId")?.Attribute("Id") is { } attachmentId)
            {
                Remember(attachmentId.Value, photo, size: null);
            }
            touched.Add(id);
        }
        return touched;
    }

    private async Task<Dictionary<string, IReadOnlyList<Listed>>> ListAsync(FolderContext context, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var found = new Dictionary<string, IReadOnlyList<Listed>>(StringComparer.Ordinal);
        if (ids.Count == 0) return found;
        var messages = await context.Client.SendBatchAsync(ids.Count, idx => X.M("GetItem",
            X.M("ItemShape", X.T("BaseShape", "IdOnly"), X.T("AdditionalProperties", X.T("FieldURI", new XAttribute("FieldURI", "item:Attachments")))),
            X.M("ItemIds", idx.Select(i => ItemRequests.ItemId(ids[i])))), context.Call, ct).ConfigureAwait(false);
        for (var i = 0; i < ids.Count; i++)
        {
            if (messages[i].Element.MChild("Items")?.Elements().FirstOrDefault() is { } item) found[ids[i]] = PhotosOf(item);
        }
        return found;
    }

    /// <summary>
    /// The photo this connection last fetched or wrote as that attachment. A new photo is a new attachment (a replaced
    /// one gets a new id); the size is checked as well once the server has listed it (it counts more than the content).
    /// </summary>
    private Photo? Cached(Listed listed)
    {
        if (!_cache.TryGetValue(listed.Id, out var entry)) return null;
        if (entry.Size is null)
        {
            _cache[listed.Id] = (entry.Photo, listed.Size);
            return entry.Photo;
        }
        return entry.Size == listed.Size ? entry.Photo : null;
    }

    private void Remember(string id, Photo photo, long? size)
    {
        if (Interlocked.Add(ref _cachedBytes, photo.Data.Length) > CacheLimit)
        {
            _cache.Clear();
            Interlocked.Exchange(ref _cachedBytes, photo.Data.Length);
        }
        _cache[id] = (photo, size);
    }

    private static string MediaType(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType) ? "image/jpeg" : contentType.Trim().ToLowerInvariant();

    [LoggerMessage(EventId = 2602, Level = LogLevel.Information, Message = "Contact {Title}: its photo of {Bytes} bytes is over the cap of {Cap} bytes; the contact syncs without it")]
    private static partial void LogOverCap(ILogger logger, string title, long bytes, long cap);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Warning, Message = "Contact {Title}: its photo could not be read ({Code}); read without it this time")]
    private static partial void LogPhotoUnreadable(ILogger logger, string title, string code);
}
