namespace Tandem.Cli;

/// <summary>The command line asks for something impossible; the message is one line for stderr.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
