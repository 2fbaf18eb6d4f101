using BenchmarkDotNet.Running;

// Run all with: dotnet run -c Release --project bench/Fortress.Benchmarks -- --filter '*'
// or one group, e.g. --filter '*Running*'. See docs/benchmarks.md for recorded figures.
// The Fortress half of the SUMO comparison (bench/sumo/compare.sh): -- simulate-peer SCENARIO TRAINS.csv [REPEATS].
if (args.Length > 0 && args[0] == "simulate-peer") return Fortress.Benchmarks.PeerTiming.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
