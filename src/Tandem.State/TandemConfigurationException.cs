namespace Tandem.State;

/// <summary>
/// A configuration the user must fix (unknown connection, duplicate group, bad member…). The message is one
/// line meant to be printed as is.
/// </summary>
public sealed class TandemConfigurationException : Exception
{
    public TandemConfigurationException(string message) : base(message) { }

    public TandemConfigurationException(string message, Exception inner) : base(message, inner) { }

    public TandemConfigurationException() : base("invalid configuration") { }
}
