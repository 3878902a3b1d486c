namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>One lab for all the contract cases: each case works in its own new folder, so they need no lab of their own.</summary>
public sealed class LabContractFixture : IAsyncLifetime
{
    internal LabFixture Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await LabFixture.StartAsync("empty");

    public async Task DisposeAsync() => await Lab.DisposeAsync();
}
