using XaiRouter.Grains.Abstractions.Admin;

namespace XaiRouter.Admin;

/// <summary>Checks on the answers of a call to every Gateway node.</summary>
internal static class NodeAnswers
{
    /// <exception cref="AdminFailure">No Gateway is registered (none running, or none registered yet after a registry move).</exception>
    public static void ThrowIfNone<T>(ImmutableArray<NodeAnswer<T>> answers)
        where T : class
    {
        if (answers.IsEmpty)
        {
            throw new AdminFailure("No Gateway node is registered: none is running, or the registry moved and they register again within " +
                                   $"{INodeAgentRegistryGrain.RefreshInterval.TotalSeconds:0} s.");
        }
    }
}
