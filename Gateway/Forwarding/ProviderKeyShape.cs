using System.Runtime.CompilerServices;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// What the request path derives from a provider key record alone: its upstream URIs, its account headers, its v2
/// AAD and its own limit scope. Built once per record version and shared by every request that uses it, instead of
/// a <see cref="Uri"/>, a header list and an AAD per request.
/// </summary>
/// <remarks>
/// Keyed by the record instance itself (a <see cref="ConditionalWeakTable{TKey, TValue}"/>: reference identity, gone
/// with the record). A record is immutable, and every change of a provider key is a new record read under a new
/// <see cref="TenantVault.ProviderKeysEpoch"/> (<see cref="Routing.ProviderKeyCache"/>), so a new version always
/// gets a new shape, and what is sent is always derived from the very record whose ciphertext authenticated.
/// Nothing here is secret: the plaintext provider key and every key derived from it stay per request.
/// </remarks>
internal sealed class ProviderKeyShape
{
    /// <summary>
    /// Distinct (operation, deployment) URLs remembered per record: a handful of operations, times the deployments an
    /// Azure key routes to. Beyond it a URL is built per request, which only a key with many deployments meets.
    /// </summary>
    private const int MaxUris = 16;

    private static readonly ConditionalWeakTable<ProviderKeyRecord, ProviderKeyShape> Shapes = new();

    private readonly ProviderKeyRecord _record;
    private readonly ProviderKindRules _rules;
    private (string Operation, string? Deployment, Uri Uri)[] _uris = [];

    private ProviderKeyShape(ProviderKeyRecord record)
    {
        _record = record;
        _rules = ProviderKindRules.For(record.Provider);
        AccountHeaders = [.. ProviderAccountHeaders.Of(record)];
        if (record.Format == ProviderKeyFormat.BoundV2)
        {
            var aad = new byte[ProviderKeyBinding.Length(record)];
            ProviderKeyBinding.Write(aad, record);
            BoundAad = aad;
        }

        var own = record.Limits is { LimitsAnything: true } limits ? limits.Own : null;
        ScopeName = LimitScopes.ProviderKey(record.Id);
        LivenessHost = Routing.LivenessProber.HostOf(record.BaseUrl);
        OwnScope = own is null ? null : new LimitScope(GrainKeys.RateLimiter(record.TenantId, ScopeName), own, null);
    }

    /// <summary>The shape of <paramref name="record"/>, built at its first use.</summary>
    public static ProviderKeyShape Of(ProviderKeyRecord record) => Shapes.GetValue(record, static r => new ProviderKeyShape(r));

    /// <summary>The key's provider-account headers in <see cref="ProviderAccountHeaders.Of"/>'s order.</summary>
    public (string Name, string Value)[] AccountHeaders { get; }

    /// <summary>The v2 AAD (<see cref="ProviderKeyBinding"/>); <see langword="null"/> for a legacy record. Never written to.</summary>
    public byte[]? BoundAad { get; }

    /// <summary>The host the liveness prober tracks for this key (<see cref="Routing.LivenessProber.HostOf"/>), parsed once; <see langword="null"/> when the base URL does not parse.</summary>
    public string? LivenessHost { get; }

    /// <summary>The key's limit scope name (<see cref="LimitScopes.ProviderKey"/>).</summary>
    public string ScopeName { get; }

    /// <summary>The scope of the key's own limits (not its per-model ones), or <see langword="null"/> when it has none.</summary>
    public LimitScope? OwnScope { get; }

    /// <summary>
    /// The upstream URL of <paramref name="operation"/> for the attempt's <paramref name="model"/>, by the key kind's
    /// rules (<see cref="ProviderKindRules.Url"/>), plus the part of the caller's query the kind passes on (usually none).
    /// Without a query it is built once per (operation, deployment) and looked up after.
    /// </summary>
    /// <exception cref="InvalidOperationException">The kind sends <paramref name="operation"/> nowhere (check <see cref="ProviderKindRules.Serves(ProviderKeyRecord, string, string)"/> first).</exception>
    public Uri UpstreamUri(string operation, string model, IQueryCollection query)
    {
        var deployment = _rules.Deployment(_record, model);
        var forwarded = _rules.ForwardedQuery(query);
        if (forwarded.HasValue)
        {
            return new Uri(Url(operation, deployment) + forwarded);
        }

        var uris = Volatile.Read(ref _uris);
        foreach (var (knownOperation, knownDeployment, uri) in uris)
        {
            if (string.Equals(knownOperation, operation, StringComparison.Ordinal) && string.Equals(knownDeployment, deployment, StringComparison.Ordinal))
            {
                return uri;
            }
        }

        var made = new Uri(Url(operation, deployment));
        if (uris.Length < MaxUris)
        {
            // A lost race only builds the same Uri twice.
            Volatile.Write(ref _uris, [.. uris, (operation, deployment, made)]);
        }

        return made;
    }

    private string Url(string operation, string? deployment) =>
        _rules.Url(_record, operation, deployment) ?? throw new InvalidOperationException($"Provider kind '{_rules.Name}' sends '{operation}' nowhere.");
}
