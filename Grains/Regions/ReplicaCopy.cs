using XaiRouter.Grains.Hosting;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// A control-plane grain's view of its persisted row as a copy that another region may change: re-reading it on
/// demand (<see cref="ReloadAsync"/>, called for every replicated change), the staleness bound, and the revocation
/// fence. In one region nothing here runs on the request path but <see cref="MustRead"/>, two field tests.
/// </summary>
internal sealed class ReplicaCopy<T>(IPersistentState<T> state, RouterClock clock, RegionOptions region)
{
    private Task? _reading;

    public ReplicaFence Fence { get; } = new();

    public StalenessBound Staleness { get; } = new(clock, region);

    public bool IsMultiRegion => region.IsMultiRegion;

    /// <summary>Whether the copy must be read again before it is served: fenced, or older than the bound.</summary>
    public bool MustRead => Fence.IsRaised || Staleness.IsDue;

    /// <summary>Whether the copy may be served (no fence raised).</summary>
    public bool MayServe => !Fence.IsRaised;

    /// <summary>How long a fenced activation is kept (the fence lives in it only) when nothing calls it.</summary>
    public static readonly TimeSpan FencedActivationLifetime = TimeSpan.FromMinutes(30);

    /// <summary>The activation read its row just now.</summary>
    public void Activated() => Staleness.Read();

    /// <summary>The activation read its row just now; the bound applies from the home of the row's tenant <paramref name="tenantId"/>.</summary>
    public Task ActivatedAsync(IGrainFactory grains, string? tenantId)
    {
        Staleness.Read();
        return LearnHomeAsync(grains, tenantId);
    }

    /// <summary>
    /// Reads the row again; a read under way is joined (read-only calls interleave), so concurrent callers and
    /// repeated notifications cost one database read.
    /// </summary>
    public Task ReloadAsync() => _reading is { IsCompleted: false } reading ? reading : _reading = ReadAsync();

    /// <summary>Raises the fence to <paramref name="version"/>, then reads the row if the copy is older.</summary>
    /// <param name="version">The storage version the home region wrote.</param>
    /// <param name="delayDeactivation">The grain's <c>DelayDeactivation</c>: a raised fence keeps its activation.</param>
    /// <returns>Whether the fence is still raised.</returns>
    public async Task<bool> FenceAsync(long version, Action<TimeSpan> delayDeactivation)
    {
        Fence.Raise(version);
        if (Fence.Check(state.Etag, state.RecordExists))
        {
            await ReloadAsync();
        }

        if (Fence.IsRaised)
        {
            delayDeactivation(FencedActivationLifetime);
        }

        return Fence.IsRaised;
    }

    /// <summary>Decides whether the staleness bound applies, in several regions, from the home of the row's tenant.</summary>
    /// <param name="grains">The grain factory.</param>
    /// <param name="tenantId">The row's tenant; <see langword="null"/> when there is no row.</param>
    public async Task LearnHomeAsync(IGrainFactory grains, string? tenantId)
    {
        if (region.IsMultiRegion && tenantId is not null)
        {
            Staleness.SetHome(await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId)).GetHomeRegionAsync());
        }
    }

    private async Task ReadAsync()
    {
        await state.ReadStateAsync();
        Staleness.Read();
        Fence.Check(state.Etag, state.RecordExists);
    }
}
