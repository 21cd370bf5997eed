using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace XaiRouter.Benchmarks;

/// <summary>
/// <see cref="VaultBenchmarks"/>' operations timed by the CPU time of this process instead of wall-clock time:
/// on a shared 2-core machine at a load average of 10 BenchmarkDotNet's wall-clock figures moved 2-4x between runs
/// of the same binary, while CPU time per operation does not count the time the thread waits for a core.
/// Each operation runs warm-up rounds, then <c>rounds</c> rounds of <c>n</c> calls; the best round is reported.
/// Also times the HKDF primitives against the HMAC one-shots that compute the same bytes (RFC 5869 for 32-byte outputs).
/// </summary>
internal static class VaultCpuBench
{
    public static int Run(string[] args)
    {
        var n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        const int rounds = 5;
        var vault = new VaultBenchmarks();
        vault.Setup();
        var prk = RandomNumberGenerator.GetBytes(32);
        var salt = RandomNumberGenerator.GetBytes(32);
        var ikm = RandomNumberGenerator.GetBytes(59);
        var info = "xai-router/v1/verifier"u8.ToArray();
        var infoWithCounter = info.Append((byte)1).ToArray();
        var output = new byte[32];
        var operations = new (string Name, Action Call)[]
        {
            ("parse access key", () => vault.ParseAccessKey()),
            ("verify", () => vault.Verify()),
            ("unlock", () => vault.Unlock()),
            ("request path (parse + verify + unlock for sending)", () => vault.RequestPath()),
            ("primitive: HKDF.Extract", () => HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt, output)),
            ("primitive: HMACSHA256.HashData (= Extract)", () => HMACSHA256.HashData(salt, ikm, output)),
            ("primitive: HKDF.Expand 32 bytes", () => HKDF.Expand(HashAlgorithmName.SHA256, prk, output, info)),
            ("primitive: HMACSHA256.HashData (= Expand 32)", () => HMACSHA256.HashData(prk, infoWithCounter, output)),
            ("primitive: new AesGcm + dispose", () => new AesGcm(prk, 16).Dispose()),
        };

        Console.WriteLine($"CPU time per operation (best of {rounds} rounds of {n}), ns; allocated bytes per operation");
        foreach (var (name, call) in operations)
        {
            for (var i = 0; i < n; i++)
            {
                call();
            }

            var best = double.MaxValue;
            long allocated = 0;
            for (var round = 0; round < rounds; round++)
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < n; i++)
                {
                    call();
                }

                allocated = (GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / n;
                best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalNanoseconds / n);
            }

            Console.WriteLine($"{name,-52} {best,10:F0} ns {allocated,6} B");
        }

        vault.Cleanup();
        return 0;
    }
}
