using System.Globalization;

namespace XaiRouter.TestSupport;

/// <summary>A headless Silo process on loopback ports of its own, kept across restarts.</summary>
public sealed class SiloNode(string dataDirectory, params string[] extraArguments)
{
    public int SiloPort { get; } = FreePorts.Next();

    public int GatewayPort { get; } = FreePorts.Next();

    public RouterProcess Start() => RouterProcess.Start(
        RepositoryPaths.SiloDll,
        dataDirectory,
        [
            "--DataDirectory", dataDirectory,
            "--Cluster:SiloPort", SiloPort.ToString(CultureInfo.InvariantCulture),
            "--Cluster:GatewayPort", GatewayPort.ToString(CultureInfo.InvariantCulture),
            .. extraArguments,
        ]);
}
