namespace XaiRouter.Grains.Regions;

/// <summary>
/// The process's <see cref="IPeerChangeObserver"/>s (none in a Silo, the record cache in a Gateway), told together by
/// both listeners: after a fence (<see cref="RevocationFeedListener"/>) and after a replicated row's reload
/// (<see cref="ReplicatedChangeListener"/>).
/// </summary>
internal sealed class PeerChangeObservers(IEnumerable<IPeerChangeObserver> observers)
{
    private readonly IPeerChangeObserver[] _observers = [.. observers];

    public void Changed(string state, string grainKey)
    {
        foreach (var observer in _observers)
        {
            observer.Changed(state, grainKey);
        }
    }
}
