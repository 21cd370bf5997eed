namespace XaiRouter.Admin;

/// <summary>The options every command takes.</summary>
internal sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json") { Description = "Machine output: JSON on stdout instead of tables.", Recursive = true };

    public Option<bool> Yes { get; } = new("--yes", "-y") { Description = "Skip the confirmation of a command that changes state.", Recursive = true };

    public Option<FileInfo?> Config { get; } = new("--config")
    {
        Description = "A JSON settings file (the nodes' appsettings format: Cluster:*, DataDirectory); environment variables override it.",
        Recursive = true,
    };

    public Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "The Gateway's data directory (embedded mode: holds cluster-tls.pfx). Default: DataDirectory, else ./data.",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Add(Json);
        root.Add(Yes);
        root.Add(Config);
        root.Add(DataDirectory);
    }
}
