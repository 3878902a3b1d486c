using System.CommandLine;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Cli;

/// <summary>
/// How the admin commands get a password (the first line of stdin with --password-stdin, else $TANDEM_ADMIN_PASSWORD,
/// never an argument: it would land in shell history and the process list) and record what they did in the audit log.
/// </summary>
internal static class AdminInput
{
    public const string PasswordVariable = "TANDEM_ADMIN_PASSWORD";

    public static Option<bool> PasswordStdin() => new("--password-stdin") { Description = $"read the password from the first line of stdin (else ${PasswordVariable})" };

    public static Option<string> Role(string defaultRole) => new("--role")
    {
        Description = "administrator (everything), operator (run, pause, approve, see items) or viewer (read only)",
        DefaultValueFactory = _ => defaultRole,
    };

    public static string Password(CliContext context, ParseResult parse, Option<bool> stdin)
    {
        var password = parse.GetValue(stdin) ? context.In.ReadLine() : context.Environment(PasswordVariable);
        if (string.IsNullOrEmpty(password)) throw new CliUsageException($"give the password on stdin with --password-stdin, or in ${PasswordVariable}");
        return password;
    }

    public static Task AuditAsync(IStateStore store, CliContext context, string action, string target, string? detail = null) =>
        store.AppendAuditAsync(new AuditEntry(context.Time.GetUtcNow(), "cli:" + System.Environment.UserName, action, target, "ok", detail, "cli"), CancellationToken.None);
}
