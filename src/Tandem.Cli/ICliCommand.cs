using System.CommandLine;

namespace Tandem.Cli;

/// <summary>
/// One `tandem` command. CliApp builds the tree from a list of these, so a new command (lab, folders…) is a
/// new file plus one line in the list. <see cref="Parent"/> names the command it sits under ("connection",
/// "group", "member"), or null for a top-level command.
/// </summary>
internal interface ICliCommand
{
    string? Parent { get; }

    Command Build(CliContext context);
}
