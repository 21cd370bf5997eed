namespace XaiRouter.Benchmarks;

/// <summary>Resident memory of a process from /proc/&lt;pid&gt;/status (Linux): VmRSS now and VmHWM, its peak.</summary>
internal static class ProcessMemory
{
    /// <summary>(VmRSS, VmHWM) in MB, or (-1, -1) when the file cannot be read.</summary>
    public static (double RssMb, double PeakMb) Read(int pid)
    {
        try
        {
            double rss = -1, hwm = -1;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kb(line) / 1024.0;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kb(line) / 1024.0;
                }
            }

            return (rss, hwm);
        }
        catch (IOException)
        {
            return (-1, -1);
        }
    }

    private static long Kb(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
