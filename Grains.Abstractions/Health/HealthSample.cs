namespace XaiRouter.Grains.Abstractions.Health;

/// <summary>One attempt's outcome, as a gateway reports it (in batches, off the request path).</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="LatencyMs">Time to the first byte of the answer, when there was one.</param>
/// <param name="CooldownUntil">Until when the upstream asked not to be called (429 <c>Retry-After</c>).</param>
/// <param name="At">When it happened.</param>
/// <param name="Model">
/// The model of the attempt when the outcome concerns that model alone (a 5xx, a timeout, a dropped stream, a 404 for
/// the model, its own rate limit; a success closes the model's circuit and the key's); null when it concerns the whole
/// key (no connection, refused credentials, the account's quota).
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.HealthSample")]
public sealed record HealthSample(
    [property: Id(0)] ProviderOutcome Outcome,
    [property: Id(1)] double? LatencyMs,
    [property: Id(2)] DateTimeOffset? CooldownUntil,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? Model = null);
