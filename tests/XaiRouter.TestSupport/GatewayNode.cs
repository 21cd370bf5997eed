using System.Globalization;
using System.Net.Http.Headers;

namespace XaiRouter.TestSupport;

/// <summary>
/// A Gateway process on loopback ports of its own, with a data directory that outlives restarts of the process.
/// </summary>
public sealed class GatewayNode(string dataDirectory, params string[] extraArguments)
{
    public int HttpPort { get; } = FreePorts.Next();

    public int SiloPort { get; } = FreePorts.Next();

    public int GatewayPort { get; } = FreePorts.Next();

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>Starts the process; the caller awaits <see cref="RouterProcess.WaitStartedAsync"/> or its exit.</summary>
    public RouterProcess Start() => RouterProcess.Start(
        RepositoryPaths.GatewayDll,
        DataDirectory,
        [
            "--Urls", BaseAddress.ToString().TrimEnd('/'),
            "--DataDirectory", DataDirectory,
            "--Cluster:SiloPort", SiloPort.ToString(CultureInfo.InvariantCulture),
            "--Cluster:GatewayPort", GatewayPort.ToString(CultureInfo.InvariantCulture),
            .. extraArguments,
        ]);

    /// <summary>A client authenticated with the token the Gateway generated into its data directory.</summary>
    public HttpClient CreateOperatorClient()
    {
        var token = File.ReadAllText(Path.Combine(DataDirectory, "operator-token"));
        return new HttpClient
        {
            BaseAddress = BaseAddress,
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        };
    }
}
