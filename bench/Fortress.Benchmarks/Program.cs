using BenchmarkDotNet.Running;

// Run all with: dotnet run -c Release --project bench/Fortress.Benchmarks -- --filter '*'
// or one group, e.g. --filter '*Running*'. See docs/benchmarks.md for recorded figures.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
