using System.Runtime.CompilerServices;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Testing.Contract;

/// <summary>
/// What the engine relies on from every <see cref="IConnector"/>/<see cref="IFolderSession"/>: every engine test runs on
/// the in-memory fake, so the fake and the real connectors must agree on these. A connector test project subclasses
/// this once; the cases live in the partial files ConnectorContractTests.*.cs.
/// </summary>
public abstract partial class ConnectorContractTests
{
    /// <summary>The item kinds the connector stores; round trips of the others are reported Skipped.</summary>
    protected abstract IReadOnlyCollection<ItemKind> Kinds { get; }

    /// <summary>A session on a fresh, empty folder of <paramref name="kind"/>, with an independent "user" client of it.</summary>
    protected abstract Task<ContractFolder> NewFolderAsync(ItemKind kind);

    /// <summary>Cases this connector is known to fail, by method name, with the reason: reported Skipped, not passed.</summary>
    protected virtual IReadOnlyDictionary<string, string> KnownGaps { get; } = new Dictionary<string, string>();

    /// <summary>The items whose round trip is checked; by default every full sample of the kind.</summary>
    protected virtual IEnumerable<CanonicalItem> RoundTripSamples(ItemKind kind) => SampleItems.All(kind);

    protected static CancellationToken Ct => ContractCancellation.Token;

    /// <summary>
    /// The kind the behavioural cases use: contacts when supported (every store has them), else the first. A connector
    /// whose kinds live in different kinds of folder subclasses its suite once more per kind with this overridden.
    /// </summary>
    protected virtual ItemKind MainKind => Kinds.Contains(ItemKind.Contact) ? ItemKind.Contact : Kinds.First();

    /// <summary>Starts a case: skips it when it is a known gap, else opens its folder.</summary>
    protected Task<ContractFolder> StartAsync([CallerMemberName] string name = "") => StartAsync(MainKind, name);

    protected Task<ContractFolder> StartAsync(ItemKind kind, [CallerMemberName] string name = "")
    {
        Skip.If(KnownGaps.TryGetValue(name, out var reason), reason);
        return NewFolderAsync(kind);
    }

    protected CanonicalItem Sample(string name) => SampleItems.Simple(MainKind, name);

    protected static async Task<WriteResult> WriteOneAsync(ContractFolder folder, WriteRequest request) =>
        Assert.Single(await folder.Session.WriteAsync([request], Ct));

    protected static async Task<WriteResult> CreateAsync(ContractFolder folder, CanonicalItem item, string logicalId)
    {
        var result = await WriteOneAsync(folder, SampleItems.Create(item, logicalId, "contract"));
        Assert.True(result.Outcome == WriteOutcome.Ok, $"create {logicalId}: {result.Outcome} {result.Error}");
        Assert.False(string.IsNullOrEmpty(result.RemoteId), "a create returns the remote id");
        Assert.False(string.IsNullOrEmpty(result.ChangeKey), "a create returns the change key");
        return result;
    }

    /// <summary>Whether a change set says <paramref name="remoteId"/> is gone (listed as deleted, or absent from a complete listing).</summary>
    protected static bool SaysDeleted(ChangeSet changes, string remoteId) =>
        changes.Deletions.Contains(remoteId) || (changes.IsComplete && changes.Upserts.All(u => u.RemoteId != remoteId));

    /// <summary>
    /// Same content as the engine sees it: equal <see cref="ContentHash"/>. The normalized JSON is compared first, so that
    /// a mismatch shows which field differs.
    /// </summary>
    protected void AssertSameContent(CanonicalItem expected, RemoteItem actual)
    {
        Assert.Null(actual.ParseError);
        Assert.NotNull(actual.Item);
        var item = actual.Item;
        if (WithholdsContactPhotos && item is Contact contact)
        {
            // what the planner does with such a copy (PhotoCarry): the withheld photo stands for the written one
            Assert.True(contact.Photo is { IsWithheld: true }, "a connector that withholds contact photos reads every contact's photo as withheld, never as none");
            item = PhotoCarry.Fill(item, expected);
        }
        Assert.Equal(ItemJson.Serialize(ItemNormalizer.Normalize(expected)), ItemJson.Serialize(ItemNormalizer.Normalize(item)));
        Assert.Equal(ContentHash.Compute(expected), ContentHash.Compute(item));
    }

    /// <summary>
    /// Whether the connector reads every contact with its photo <see cref="Photo.IsWithheld"/> (it does not carry photos,
    /// and its writes leave them alone). Content comparisons then check that the photo is withheld and take it as the
    /// written one; the photo round trip stays a known gap.
    /// </summary>
    protected virtual bool WithholdsContactPhotos => false;
}
