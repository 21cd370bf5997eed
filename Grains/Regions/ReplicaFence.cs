namespace XaiRouter.Grains.Regions;

/// <summary>
/// A fence on one grain's copy of a control-plane row homed in another region: raised by the revocation feed when the
/// home region changed the row, it keeps the grain refusing (fail closed) until the replicated row has reached the
/// version the home region wrote, however late replication is. In memory only, never written.
/// </summary>
internal sealed class ReplicaFence
{
    /// <summary>The version a deleted row stands for: only the row's absence lifts it.</summary>
    public const long Deleted = long.MaxValue;

    private long? _version;

    /// <summary>Whether the copy must not be served.</summary>
    public bool IsRaised => _version is not null;

    /// <summary>Raises the fence to <paramref name="version"/> (never lowers it).</summary>
    public void Raise(long version) => _version = _version is { } current ? Math.Max(current, version) : version;

    /// <summary>
    /// Lifts the fence when the copy (storage version <paramref name="etag"/>) has reached it, or the row is gone
    /// (<paramref name="exists"/> false: nothing old is left to serve).
    /// </summary>
    /// <returns>Whether the fence is still raised.</returns>
    public bool Check(string? etag, bool exists)
    {
        if (_version is { } fenced && (!exists || (long.TryParse(etag, System.Globalization.CultureInfo.InvariantCulture, out var version) && version >= fenced)))
        {
            _version = null;
        }

        return IsRaised;
    }
}
