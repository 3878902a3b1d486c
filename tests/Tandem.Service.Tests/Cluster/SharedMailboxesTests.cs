using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Service.Cluster;
using Tandem.State.Cluster;

namespace Tandem.Service.Tests.Cluster;

/// <summary>Which mailboxes take their per-mailbox slots across the cluster: those that groups on several nodes use.</summary>
public sealed class SharedMailboxesTests
{
    private static GroupDefinition Group(string name, params string[] mailboxes) => new()
    {
        Name = name,
        Kind = ItemKind.Contact,
        Members = new ValueList<MemberDefinition>([.. mailboxes.Select(m => new MemberDefinition(FolderRef.Parse($"hq:{m}/Contacts"), MemberRole.TwoWay))]),
    };

    private static GroupLease Lease(string group, string? owner, double expiresInSeconds = 10) =>
        new(group, owner, 1, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(expiresInSeconds), false, 0);

    [Fact]
    public void Of_SourceMailboxInGroupsOnTwoNodes_IsSharedAndEachTargetIsNot()
    {
        var groups = new[] { Group("g1", "boss@contoso.com", "a@contoso.com"), Group("g2", "Boss@Contoso.com", "b@contoso.com"), Group("g3", "c@contoso.com", "a@contoso.com") };

        var shared = SharedMailboxes.Of(groups, [Lease("g1", "node1"), Lease("g2", "node2"), Lease("g3", "node1")]);

        Assert.Equal(["boss@contoso.com"], shared);
    }

    [Fact]
    public void Of_AllGroupsOfAMailboxOnOneNode_IsNotShared()
    {
        var groups = new[] { Group("g1", "boss@contoso.com", "a@contoso.com"), Group("g2", "boss@contoso.com", "b@contoso.com") };

        Assert.Empty(SharedMailboxes.Of(groups, [Lease("g1", "node1"), Lease("g2", "node1")]));
    }

    [Fact]
    public void Of_AGroupWithoutALiveOwner_CountsAsAnotherNode()
    {
        var groups = new[] { Group("g1", "boss@contoso.com"), Group("g2", "boss@contoso.com"), Group("g3", "boss@contoso.com", "x@contoso.com") };

        // g2 ran out and g3 has no lease row yet: whoever claims them next may be another node
        Assert.Equal(["boss@contoso.com"], SharedMailboxes.Of(groups, [Lease("g1", "node1"), Lease("g2", "node1", expiresInSeconds: 0)]));
        Assert.Equal(["boss@contoso.com"], SharedMailboxes.Of(groups.Take(1).Append(groups[2]), [Lease("g1", "node1")]));
    }
}
