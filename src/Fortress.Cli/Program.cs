using Fortress.Cli;

return CliHost.Invoke(CliHost.BuildRoot(), args, Console.Out, Console.Error);
