using System.Runtime.InteropServices;
using Fortress.Cli;

// A write over the file-size limit (ulimit -f) raises SIGXFSZ, whose default action kills the process before any
// clean-up; handled, the write fails with an error instead, and OutputFile removes its temporary file. The
// registration is kept for the life of the process (never disposed): the runtime delivers the signal to the handler
// on its own thread, possibly after the failed write has been reported.
var fileSizeLimit = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(CliHost.SigXfsz, c => c.Cancel = true);
var code = CliHost.Invoke(CliHost.BuildRoot(), args, Console.Out, Console.Error);
GC.KeepAlive(fileSizeLimit);
return code;
