namespace XaiRouter.TestSupport;

/// <summary>Finds the built Gateway, Silo and xai-admin next to the tests (artifacts output, same configuration).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>debug or release, as the running test assembly was built.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Name;

    public static string GatewayDll => Built("XaiRouter.Gateway");

    public static string SiloDll => Built("XaiRouter.Silo");

    /// <summary>The operator CLI (assembly name xai-admin).</summary>
    public static string AdminDll => Built("XaiRouter.Admin", "xai-admin");

    private static string Built(string project, string? assembly = null)
    {
        var path = Path.Combine(Root, "artifacts", "bin", project, Configuration, (assembly ?? project) + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{project} is not built at {path}; build the solution before running these tests.", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "XaiRouter.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("XaiRouter.sln not found above " + AppContext.BaseDirectory);
    }
}
