using System.Globalization;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Mode <c>volume [requests] [connections]</c>: many requests (default 300,000, 16 connections) of one tenant through
/// one Gateway in ten equal tenths, run one after the other. After each tenth it reads the Gateway's CPU time
/// (utime + stime, <c>/proc/&lt;pid&gt;/stat</c>) and bytes written (<c>write_bytes</c> and <c>wchar</c>,
/// <c>/proc/&lt;pid&gt;/io</c>), and prints both per request for every tenth and the last tenth against the first. A
/// warm-up of a twentieth (at least 2,000 requests, and at least <c>VOLUME_WARMUP_S</c> seconds, default 120: tiered
/// JIT and PGO keep recompiling well past the first thousands of requests) comes before the first tenth and is not
/// measured:
/// the usage ledger's cost must not grow with the day's volume (issue 16: within 10%).
/// </summary>
internal static class VolumeBench
{
    private const int MinWarmUp = 2000;

    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("VOLUME_WARMUP_S"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 120);

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = Math.Max(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300_000, 1000);
        var connections = Math.Clamp(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16, 1, 256);
        await using var upstream = await BenchUpstream.StartAsync(0, 10, 0);
        await using var gateway = await GatewaySetup.StartAsync(upstream.Urls.Single());
        var pid = gateway.Process.Id;
        using var client = ChatLoad.Client(gateway.Url, gateway.SubKey, connections);
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        Console.WriteLine($"volume: {requests} requests in tenths, {connections} connections, Gateway pid {pid}");
        Console.WriteLine("| tenth | requests | failed | CPU us/req | write_bytes/req | wchar/req |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var tenth = requests / 10;
        var before = Read(pid);
        var rows = new List<(double Cpu, double WriteBytes, double Wchar)>();
        for (var part = 0; part <= 10; part++)
        {
            var count = part == 0 ? Math.Max(MinWarmUp, requests / 20) : tenth;
            var failed = await ChatLoad.RunAsync(client, count, connections, part == 0 ? WarmUpTime : default);
            var after = Read(pid);
            if (part == 0)
            {
                before = after;
                continue;
            }

            var row = (
                Cpu: (after.CpuTicks - before.CpuTicks) / ticksPerSecond * 1e6 / tenth,
                WriteBytes: (after.WriteBytes - before.WriteBytes) / (double)tenth,
                Wchar: (after.Wchar - before.Wchar) / (double)tenth);
            rows.Add(row);
            Console.WriteLine($"| {part} | {tenth} | {failed} | {row.Cpu:F0} | {row.WriteBytes:F0} | {row.Wchar:F0} |");
            before = after;
        }

        var (first, last) = (rows[0], rows[^1]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"last/first tenth: CPU {last.Cpu / first.Cpu:F2}x, write_bytes {Ratio(last.WriteBytes, first.WriteBytes)}, wchar {Ratio(last.Wchar, first.Wchar)}"));
        return 0;
    }

    private static string Ratio(double last, double first) => first > 0 ? string.Create(CultureInfo.InvariantCulture, $"{last / first:F2}x") : "n/a";

    /// <summary>utime + stime (clock ticks) from /proc/pid/stat, write_bytes and wchar from /proc/pid/io.</summary>
    private static (long CpuTicks, long WriteBytes, long Wchar) Read(int pid)
    {
        var cpu = ChatLoad.CpuTicks(pid);
        long writeBytes = 0, wchar = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/io"))
        {
            if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
            {
                writeBytes = long.Parse(line["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("wchar:", StringComparison.Ordinal))
            {
                wchar = long.Parse(line["wchar:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return (cpu, writeBytes, wchar);
    }
}
