using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/XaiRouter.Benchmarks -- --filter '*'   (add --job short for a quick run)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
