namespace Tandem.Connectors.Dav.Tests.Servers;

// One collection per server: each is started once for the whole run, and its tests run one after another.

[CollectionDefinition(Name)]
public sealed class RadicaleCollection : ICollectionFixture<RadicaleServer>
{
    public const string Name = "radicale";
}

[CollectionDefinition(Name)]
public sealed class XandikosCollection : ICollectionFixture<XandikosServer>
{
    public const string Name = "xandikos";
}

[CollectionDefinition(Name)]
public sealed class CyrusCollection : ICollectionFixture<CyrusServer>
{
    public const string Name = "cyrus";
}
