namespace XaiRouter.Grains.Abstractions.Usage;

/// <summary>Which of a day's request records to return (<c>/x/requests</c>): every given filter must match.</summary>
/// <param name="Limit">At most this many records, newest first.</param>
/// <param name="Model">Only this model (after alias resolution).</param>
/// <param name="KeyId">Only this access key.</param>
/// <param name="Status">Only this HTTP status.</param>
/// <param name="VisibleKeyIds">Only these keys (the caller's subtree); null for all of the tenant's.</param>
/// <param name="ProviderKeyId">Only this provider key.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.RequestLogQuery")]
public sealed record RequestLogQuery(
    [property: Id(0)] int Limit,
    [property: Id(1)] string? Model = null,
    [property: Id(2)] string? KeyId = null,
    [property: Id(3)] int? Status = null,
    [property: Id(4)] ImmutableHashSet<string>? VisibleKeyIds = null,
    [property: Id(5)] string? ProviderKeyId = null);
