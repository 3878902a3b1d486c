// Entry point of the `tandem` command; the command tree is built in Commands/.
return await Tandem.Cli.CliApp.RunAsync(args);
