namespace XaiRouter.Grains.Hosting;

/// <summary>
/// Files and folders only the account running the node may read: the data directory (0700) and everything secret in
/// it (0600): the SQLite database and its -wal/-shm files, the operator token, the cluster TLS credentials.
/// </summary>
public static class OwnerOnlyFiles
{
    /// <summary>rw-------.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx------.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents) with mode 0700; an existing folder is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
    }

    /// <summary>Whether other users may enter or list <paramref name="path"/> (never on Windows, where ACLs apply).</summary>
    public static bool IsOpenToOthers(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0;

    /// <summary>
    /// Makes sure the SQLite database at <paramref name="databasePath"/> is created 0600 (SQLite would create it
    /// 0644, and it gives its -wal and -shm files the database file's own mode), and takes group and other access
    /// away from an existing database and its -wal/-shm files. Returns the files it had to tighten.
    /// </summary>
    public static IReadOnlyList<string> PrepareSqliteDatabase(string databasePath)
    {
        if (OperatingSystem.IsWindows())
        {
            return [];
        }

        try
        {
            // An empty file is a valid, empty SQLite database; CreateNew: an existing database is never touched.
            using var created = new FileStream(databasePath, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode,
            });
            return [];
        }
        catch (IOException) when (File.Exists(databasePath))
        {
            var tightened = new List<string>();
            foreach (var path in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
            {
                if (Tighten(path))
                {
                    tightened.Add(path);
                }
            }

            return tightened;
        }
    }

    /// <summary>Removes group and other access from an existing file; true when it had any.</summary>
    public static bool Tighten(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return false;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) == 0)
        {
            return false;
        }

        File.SetUnixFileMode(path, mode & ~GroupOrOther);
        return true;
    }
}
