using System.Collections.Concurrent;
using System.Security.Cryptography;
using Tandem.Connectors.Graph.Mapping;
using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// Contact photos over Graph: /contacts/{id}/photo/$value, read in $batch (binary answers come base64-encoded) and
/// written with PUT. A contact's listing does not say whether it has a photo, so what this connection knows of each
/// contact's photo at a change key (read or written so) is remembered: a contact read again at that key (the catch-up
/// read of a fan-out's own creates, a re-read after a conflict) costs no photo request. Graph cannot delete a contact's
/// photo (its DELETE takes user and group photos only): a photo the group removed is marked on the contact
/// (TandemPhotoRemoved, a fingerprint of the picture) and read as none while the picture is still that one; a new
/// picture a user puts there reads as the edit it is. Photos left out, or over the connection's cap, read as withheld
/// and are never touched, as over EWS (<see cref="PhotoSettings"/>). A contact listed with PidLidHasPicture false has no
/// photo to fetch, so only contacts with one cost a photo request. One instance per connector.
/// </summary>
internal sealed class GraphPhotos(PhotoSettings settings)
{
    /// <summary>Beyond this many remembered photo bytes (base64) the memory starts over: it saves requests, it is not a store.</summary>
    private const long CacheLimit = 64L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Known> _known = new(StringComparer.Ordinal);
    private long _cachedBytes;

    /// <summary>What a read of the contact at <paramref name="ChangeKey"/> gives, and whether the store holds a picture then.</summary>
    private sealed record Known(string ChangeKey, Photo? Read, bool StoreHasPicture);

    public PhotoSettings Settings => settings;

    /// <summary>What a contact's listing says of its photo: PidLidHasPicture (null when not listed) and TandemPhotoRemoved.</summary>
    public sealed record Marks(bool? HasPicture, string? Removed);

    public static Marks MarksOf(Microsoft.Graph.Models.Contact contact)
    {
        var values = ExtendedIds.Values(contact.SingleValueExtendedProperties);
        var has = values.GetValueOrDefault(ExtendedIds.HasPicture);
        return new Marks(bool.TryParse(has, out var b) ? b : null, values.GetValueOrDefault(ExtendedIds.PhotoRemoved));
    }

    /// <summary>
    /// Puts each contact's photo in it (the mapper reads them withheld): remembered, or fetched in $batch.
    /// <paramref name="marks"/> holds what each contact's listing says of its photo, by id.
    /// </summary>
    public async Task<List<RemoteItem>> FillAsync(GraphContext graph, string mailbox, IReadOnlyList<RemoteItem> items, IReadOnlyDictionary<string, Marks> marks, CancellationToken cancellationToken)
    {
        var result = items.ToList();
        if (!settings.Include) return result;
        var fetch = new List<int>();
        for (var i = 0; i < result.Count; i++)
        {
            if (result[i].Item is not Contact contact) continue;
            if (_known.TryGetValue(result[i].RemoteId, out var known) && known.ChangeKey == result[i].ChangeKey)
            {
                result[i] = result[i] with { Item = contact with { Photo = known.Read } };
                continue;
            }

            if (marks.GetValueOrDefault(result[i].RemoteId)?.HasPicture == false)
            {
                Remember(result[i].RemoteId, new Known(result[i].ChangeKey, null, false));
                result[i] = result[i] with { Item = contact with { Photo = null } };
                continue;
            }

            fetch.Add(i);
        }

        if (fetch.Count == 0) return result;
        var user = graph.Client.Users[mailbox];
        var pictures = await new BatchFetcher(graph, mailbox).FetchBytesAsync(fetch.Select(i => result[i].RemoteId).ToList(),
            id => user.Contacts[id].Photo.Content.ToGetRequestInformation(rc => GraphContext.Prefer(rc.Headers)), cancellationToken).ConfigureAwait(false);
        foreach (var i in fetch)
        {
            var item = result[i];
            var bytes = pictures.GetValueOrDefault(item.RemoteId);
            var read = Read(bytes, marks.GetValueOrDefault(item.RemoteId)?.Removed);
            Remember(item.RemoteId, new Known(item.ChangeKey, read, bytes is { Length: > 0 }));
            result[i] = item with { Item = ((Contact)item.Item!) with { Photo = read } };
        }

        return result;
    }

    /// <summary>
    /// After a contact was created or updated: its picture made to match the written item (PUT), or, for an item without
    /// a photo whose store holds one, that picture marked removed. A withheld photo, or any when photos are left out,
    /// leaves the store's picture alone. Returns the result with the contact's final change key.
    /// </summary>
    public async Task<WriteResult> WriteAsync(GraphContext graph, string mailbox, WriteResult result, CancellationToken cancellationToken)
    {
        if (!settings.Include || result.Request.Item is not Contact contact || result.RemoteId is not { } id || result.ChangeKey is not { } changeKey) return result;
        var wanted = contact.Photo;
        var created = result.Request.Kind == WriteKind.Create;
        var before = created ? new Known("", null, false) : _known.TryGetValue(id, out var k) && k.ChangeKey == result.Request.ExpectedChangeKey ? k : null;
        if (wanted is { IsWithheld: true })
        {
            _known.TryRemove(id, out _);
            return result;
        }

        var user = graph.Client.Users[mailbox];
        if (wanted is null)
        {
            if (before is { StoreHasPicture: false })
            {
                Remember(id, new Known(changeKey, null, false));
                return result;
            }

            var held = await graph.RunAsync(mailbox, () => GetPictureAsync(graph, mailbox, id, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (held is not { Length: > 0 })
            {
                Remember(id, new Known(changeKey, null, false));
                return result;
            }

            if (!settings.Carries(held.Length))
            {
                // over the cap: never read, so never removed (as over EWS)
                Remember(id, new Known(changeKey, Photo.Withheld(MediaType(held)), true));
                return result;
            }

            var marked = await graph.RunAsync(mailbox, () => user.Contacts[id].PatchAsync(new Microsoft.Graph.Models.Contact
            {
                SingleValueExtendedProperties = [new() { Id = ExtendedIds.PhotoRemoved, Value = Fingerprint(held) }],
            }, rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
            var markedKey = marked?.ChangeKey ?? changeKey;
            Remember(id, new Known(markedKey, null, true));
            return result with { ChangeKey = markedKey };
        }

        if (before is { StoreHasPicture: true } && before.Read == wanted)
        {
            Remember(id, new Known(changeKey, wanted, true));
            return result;
        }

        using var data = new MemoryStream(Convert.FromBase64String(wanted.Data));
        var put = user.Contacts[id].Photo.Content.ToPutRequestInformation(data, rc => GraphContext.Prefer(rc.Headers));
        // the builder set application/octet-stream; the picture's own type replaces it
        put.Headers.Remove("Content-Type");
        put.SetStreamContent(data, wanted.MediaType);
        await graph.RunAsync(mailbox, async () =>
        {
            await graph.Adapter.SendNoContentAsync(put, GraphErrors.Mapping, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        // The PUT changed the contact: its new change key is the one the engine must know (or it reads its own write as an edit).
        var after = await graph.RunAsync(mailbox, () => user.Contacts[id].GetAsync(rc =>
        {
            rc.QueryParameters.Select = ["changeKey"];
            GraphContext.Prefer(rc.Headers);
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var finalKey = after?.ChangeKey ?? changeKey;
        Remember(id, new Known(finalKey, wanted, true));
        return result with { ChangeKey = finalKey };
    }

    /// <summary>16 hex digits of SHA-256 over the picture: what TandemPhotoRemoved holds.</summary>
    public static string Fingerprint(byte[] picture) => Convert.ToHexStringLower(SHA256.HashData(picture).AsSpan(0, 8));

    private Photo? Read(byte[]? bytes, string? removedMark)
    {
        if (bytes is not { Length: > 0 }) return null;
        if (removedMark is { Length: > 0 } && removedMark == Fingerprint(bytes)) return null;
        return settings.Carries(bytes.Length) ? new Photo(MediaType(bytes), Convert.ToBase64String(bytes)) : Photo.Withheld(MediaType(bytes));
    }

    private static async Task<byte[]?> GetPictureAsync(GraphContext graph, string mailbox, string id, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await graph.Client.Users[mailbox].Contacts[id].Photo.Content.GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken).ConfigureAwait(false);
            if (stream is null) return null;
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return copy.ToArray();
        }
        catch (Microsoft.Graph.Models.ODataErrors.ODataError e) when (e.ResponseStatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>The picture's type from its first bytes: $batch answers carry the bytes, not the type the store keeps.</summary>
    private static string MediaType(byte[] bytes) => bytes switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "image/gif",
        [(byte)'B', (byte)'M', ..] => "image/bmp",
        _ => "image/jpeg",
    };

    private void Remember(string id, Known known)
    {
        var size = known.Read?.Data.Length ?? 0;
        if (Interlocked.Add(ref _cachedBytes, size) > CacheLimit)
        {
            _known.Clear();
            Interlocked.Exchange(ref _cachedBytes, size);
        }

        _known[id] = known;
    }
}
