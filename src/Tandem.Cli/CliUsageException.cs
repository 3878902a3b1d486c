namespace Tandem.Cli;

/// <summary>The command line asks for something impossible; the message is one line for stderr.</summary>
internal sealed class CliUsageException(string message) : Exception(message)
{
    /// <summary>Runs a shared parser (Core's <c>GroupFields</c>); its one-line error becomes a usage error naming the option.</summary>
    public static T From<T>(Func<T> parse, string option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"{option}: {e.Message}");
        }
    }
}
