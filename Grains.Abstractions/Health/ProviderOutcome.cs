namespace XaiRouter.Grains.Abstractions.Health;

/// <summary>What one attempt on a provider key said about the key's health.</summary>
public enum ProviderOutcome
{
    /// <summary>Answered (including the caller's own errors: 400, 404, 422).</summary>
    Success,

    /// <summary>Connect failure, timeout, 5xx, or a stream dropped midway.</summary>
    Failure,

    /// <summary>429: the upstream's quota; cools the key down without counting as a failure.</summary>
    RateLimited,

    /// <summary>401/403: the key itself is refused.</summary>
    Misconfigured,
}
