using XaiRouter.Grains.Regions;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Hosting;

/// <summary>Finds, in an exception from host start-up, the one cause an operator can act on.</summary>
public static class StartupFailure
{
    /// <summary>
    /// The message of a known start-up failure anywhere in <paramref name="exception"/>'s inner exceptions
    /// (Orleans wraps lifecycle failures), or <see langword="null"/> for anything else.
    /// </summary>
    public static string? Describe(Exception exception)
    {
        var current = exception;
        while (current is not null)
        {
            if (current is SchemaTooNewException or RouterConfigurationException or StorageUnavailableException or RegionMismatchException)
            {
                return current.Message;
            }

            current = current.InnerException;
        }

        return null;
    }
}
