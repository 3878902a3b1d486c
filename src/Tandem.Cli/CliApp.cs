namespace Tandem.Cli;

internal static class CliApp
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("tandem: no commands yet");
        return Task.FromResult(2);
    }
}
