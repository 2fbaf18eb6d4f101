using System.Runtime.InteropServices;
using Fortress.Cli;

// A write over the file-size limit (ulimit -f) raises SIGXFSZ, whose default action kills the process before any
// clean-up; handled, the write fails with an error instead, and OutputFile removes its temporary file.
using var fileSizeLimit = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(CliHost.SigXfsz, c => c.Cancel = true);
return CliHost.Invoke(CliHost.BuildRoot(), args, Console.Out, Console.Error);
