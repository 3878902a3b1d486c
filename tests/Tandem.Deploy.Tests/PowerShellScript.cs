using System.Management.Automation.Language;

namespace Tandem.Deploy.Tests;

/// <summary>
/// A .ps1 file as PowerShell's own parser reads it (the parser of PowerShell 7, which accepts what Windows
/// PowerShell 5.1 does for these scripts' syntax). Only parsed: sc.exe, icacls and the service cmdlets exist on
/// Windows alone.
/// </summary>
internal sealed class PowerShellScript
{
    private PowerShellScript(string path, ScriptBlockAst ast, ParseError[] errors)
    {
        Path = path;
        Ast = ast;
        Errors = errors;
    }

    public string Path { get; }

    public ScriptBlockAst Ast { get; }

    public IReadOnlyList<ParseError> Errors { get; }

    public static PowerShellScript Parse(string path)
    {
        var ast = Parser.ParseFile(path, out _, out var errors);
        return new PowerShellScript(path, ast, errors);
    }

    /// <summary>Every command call, as the words it is written with (a variable stays "$name").</summary>
    public IReadOnlyList<string[]> Commands() =>
        Ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true)
            .Cast<CommandAst>()
            .Select(c => c.CommandElements.Select(Word).ToArray())
            .ToList();

    /// <summary>The names of the script's parameters.</summary>
    public IReadOnlyList<string> Parameters() =>
        Ast.ParamBlock?.Parameters.Select(p => p.Name.VariablePath.UserPath).ToList() ?? [];

    private static string Word(CommandElementAst element) => element switch
    {
        StringConstantExpressionAst s => s.Value,
        ExpandableStringExpressionAst e => e.Value,
        _ => element.Extent.Text,
    };
}
