namespace XaiRouter.Gateway.Limits;

/// <summary>
/// What this gateway holds of one scope's allowance: requests and tokens already taken from the scope's grain, to
/// admit requests without a call until the lease runs out or expires. Token reconciliations land here too (a
/// negative balance is a debt paid with the next call). Callers lock the instance.
/// </summary>
internal sealed class LocalLease
{
    private WindowSnapshot? _requestWindow;
    private WindowSnapshot? _tokenWindow;
    private DateTimeOffset _snapshotAt;

    public long Requests { get; private set; }

    public long Tokens { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>
    /// The renewal under way (a grain call by one request that found the lease empty), for concurrent requests to wait
    /// for instead of calling the grain too; null when none is (<see cref="AdmissionController"/>).
    /// </summary>
    public Task? Renewal { get; set; }

    /// <summary>The scope's rate-limiter grain reference, looked up once (a benign race: any copy is the same grain).</summary>
    public IRateLimiterGrain? Grain { get; set; }

    /// <summary>The limits of the last grant, to hand the balance back with.</summary>
    public RateLimits? Limits { get; private set; }

    public bool TryTake(long requests, long tokens, DateTimeOffset now)
    {
        if (now >= ExpiresAt || Requests < requests || Tokens < tokens)
        {
            return false;
        }

        Requests -= requests;
        Tokens -= tokens;
        return true;
    }

    /// <summary>Empties the lease (to hand its balance back to the grain).</summary>
    public (long Requests, long Tokens) TakeAll()
    {
        var balance = (Requests, Tokens);
        Requests = 0;
        Tokens = 0;
        return balance;
    }

    /// <summary>Adds a grant's surplus and starts a new lease period.</summary>
    public void Renew(long requests, long tokens, RateLimits? limits, WindowSnapshot? requestWindow, WindowSnapshot? tokenWindow, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        Requests += requests;
        Tokens += tokens;
        Limits = limits;
        (_requestWindow, _tokenWindow, _snapshotAt) = (requestWindow, tokenWindow, now);
        ExpiresAt = expiresAt;
    }

    /// <summary>Gives units back (an undone admission, a reconciliation; negative: a debt).</summary>
    public void Give(long requests, long tokens)
    {
        Requests += requests;
        Tokens += tokens;
    }

    /// <summary>The request window as this gateway sees it: the grain's remainder plus what it holds.</summary>
    public WindowSnapshot? RequestWindow(DateTimeOffset now) => Age(_requestWindow, Requests, now);

    public WindowSnapshot? TokenWindow(DateTimeOffset now) => Age(_tokenWindow, Tokens, now);

    private WindowSnapshot? Age(WindowSnapshot? window, long held, DateTimeOffset now) => window is null ? null
        : new WindowSnapshot(window.Limit, Math.Clamp(window.Remaining + held, 0, window.Limit), window.Reset - (now - _snapshotAt) is var reset && reset > TimeSpan.Zero ? reset : TimeSpan.Zero);
}
