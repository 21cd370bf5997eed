namespace XaiRouter.Grains.Hosting;

/// <summary>Settings of this process read from the configuration root.</summary>
public sealed class NodeOptions
{
    /// <summary>Default of <see cref="DataDirectory"/>, relative to the working directory.</summary>
    public const string DefaultDataDirectory = "./data";

    /// <summary>
    /// Configuration key <c>DataDirectory</c>: where the embedded mode keeps its SQLite file and the generated
    /// operator token. Default <c>./data</c>.
    /// </summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;
}
