namespace Tandem.Testing.Contract;

/// <summary>A hang guard for contract cases: generous, because the EWS subclass talks to a lab on a loaded machine.</summary>
internal static class ContractCancellation
{
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
}
