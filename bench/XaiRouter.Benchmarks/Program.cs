using BenchmarkDotNet.Running;
using XaiRouter.Benchmarks;

// dotnet run -c Release --project bench/XaiRouter.Benchmarks -- --filter '*'          BenchmarkDotNet (add --job short for a quick run)
// dotnet run -c Release --project bench/XaiRouter.Benchmarks -- latency [requests]   added latency over a direct call
// dotnet run -c Release --project bench/XaiRouter.Benchmarks -- ledger-crash         usage lost when a Gateway is killed
// dotnet run -c Release --project bench/XaiRouter.Benchmarks -- vault-cpu [n]       vault operations by CPU time (robust on a busy machine)
// dotnet run -c Release --project bench/XaiRouter.Benchmarks -- stream-translation-cpu [streams]   CPU time per translated stream
// dotnet run -c Release --project bench/XaiRouter.Benchmarks -- alloc-e2e [requests] [--types] [--record file]   bytes per request end to end
// bash bench/run.sh [streams|soak]   load tests (modes upstream, bare-yarp, gateway-setup, streams, soak; see bench/README.md)
// dotnet run -c Release --project bench/XaiRouter.Benchmarks -- translation-cpu [calls]   CPU time per request and answer translation
if (args is ["latency", ..])
{
    var dll = Path.Combine(AppContext.BaseDirectory, "XaiRouter.Gateway.dll");
    return await LatencyBench.RunAsync(dll, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000);
}

if (args is ["ledger-crash", ..])
{
    return await LedgerCrashBench.RunAsync(Path.Combine(AppContext.BaseDirectory, "XaiRouter.Gateway.dll"), rounds: 3, requests: 400);
}

if (args is ["upstream", ..])
{
    return await BenchUpstream.RunAsync(args);
}

if (args is ["bare-yarp", ..])
{
    return await BareYarp.RunAsync(args);
}

if (args is ["gateway-setup", ..])
{
    return await GatewaySetup.RunAsync(args);
}

if (args is ["streams", ..])
{
    return await ManyStreamsBench.RunAsync(args);
}

if (args is ["telemetry", ..])
{
    return await TelemetryCostBench.RunAsync(args);
}

if (args is ["volume", ..])
{
    return await VolumeBench.RunAsync(args);
}

if (args is ["alloc-e2e", ..])
{
    return await EndToEndAllocations.RunAsync(args);
}

if (args is ["stream-translation-cpu", ..])
{
    return await StreamTranslationBenchmarks.RunCpuAsync(args);
}

if (args is ["vault-cpu", ..])
{
    return VaultCpuBench.Run(args);
}

if (args is ["translation-cpu", ..])
{
    return TranslationBenchmarks.RunCpu(args);
}

if (args is ["soak", ..])
{
    return await SoakBench.RunAsync(args);
}

// Not typeof(Program): the Gateway, referenced here, has a public Program of its own.
BenchmarkSwitcher.FromAssembly(typeof(SoakBench).Assembly).Run(args);
return 0;
