namespace Tandem.Connectors.Dav.Tests.Servers;

/// <summary>
/// Every test that talks to a real server is in this one collection: each server starts once for the whole run, and
/// tests that need two of them (a group across servers) can have both.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DavServersCollection : ICollectionFixture<RadicaleServer>, ICollectionFixture<XandikosServer>, ICollectionFixture<CyrusServer>
{
    public const string Name = "dav-servers";
}
