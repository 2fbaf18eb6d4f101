using System.CommandLine;
using Fortress.Cli;
using Fortress.Cli.Commands;

var root = new RootCommand("Fortress: plans, simulates and runs the journey of a special train.");
root.Add(RunCommand.Create());
root.Add(RouteCommand.Create());
root.Add(ImportCommand.Create());
return CliHost.Invoke(root, args);
