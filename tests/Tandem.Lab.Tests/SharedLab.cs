namespace Tandem.Lab.Tests;

/// <summary>One empty-seeded lab shared by the tests of a class (each test makes its own items and folders).</summary>
public sealed class SharedLab : IAsyncLifetime
{
    internal LabHarness Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await LabHarness.StartAsync("empty");

    public async Task DisposeAsync() => await Lab.DisposeAsync();
}
