using BenchmarkDotNet.Running;
using XaiRouter.Benchmarks;

// dotnet run -c Release --project bench/XaiRouter.Benchmarks -- --filter '*'          BenchmarkDotNet (add --job short for a quick run)
// dotnet run -c Release --project bench/XaiRouter.Benchmarks -- latency [requests]   added latency over a direct call
if (args is ["latency", ..])
{
    var dll = Path.Combine(AppContext.BaseDirectory, "XaiRouter.Gateway.dll");
    return await LatencyBench.RunAsync(dll, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
