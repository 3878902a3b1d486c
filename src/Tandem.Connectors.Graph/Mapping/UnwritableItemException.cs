namespace Tandem.Connectors.Graph.Mapping;

/// <summary>An item Graph cannot hold as it is: it is not written (the write fails with this reason) rather than written wrong.</summary>
internal sealed class UnwritableItemException(string message) : Exception(message);
