namespace XaiRouter.Grains.Regions;

/// <summary>
/// Told by the revocation feed (<see cref="RevocationFeedListener"/>) that a peer region changed a control-plane row,
/// after this region's grain holding it was fenced: a process that keeps copies of such rows outside grains (a
/// Gateway's record cache) forgets its copy, so that the change is seen here as soon as the grain refuses, not when
/// the copy ages out. Told again once the replicated row has reached this region's grain
/// (<see cref="ReplicatedChangeListener"/>), so that a refusal read while the grain was fenced is not kept either.
/// </summary>
internal interface IPeerChangeObserver
{
    /// <param name="state">The row's state name (<c>accessKey</c> or <c>tenant</c>).</param>
    /// <param name="grainKey">The row's grain key (<c>k:&lt;key id&gt;</c>, <c>t:&lt;tenant id&gt;</c>).</param>
    void Changed(string state, string grainKey);
}
