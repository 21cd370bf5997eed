using XaiRouter.Grains.Abstractions.Limits;
using XaiRouter.Grains.Abstractions.Vault;

namespace XaiRouter.Grains.Abstractions.ProviderKeys;

/// <summary>
/// A tenant's upstream provider key as stored: metadata and the key encrypted under its pool key. The plaintext
/// exists only inside a request that carries a key holding a slot for <see cref="Pool"/> at <see cref="PoolVersion"/>.
/// </summary>
/// <param name="TenantId">The owning tenant.</param>
/// <param name="Id">The provider key id.</param>
/// <param name="Name">A display name.</param>
/// <param name="Provider">The API the upstream speaks.</param>
/// <param name="BaseUrl">The upstream's absolute http(s) base URL.</param>
/// <param name="Models">The models this key serves.</param>
/// <param name="Pool">The pool whose key encrypts this provider key.</param>
/// <param name="PoolVersion">The pool key version that encrypted it.</param>
/// <param name="Weight">Share of traffic inside its priority tier.</param>
/// <param name="Priority">Tier: lower is tried first.</param>
/// <param name="Key">AES-256-GCM of the UTF-8 provider key under the pool key.</param>
/// <param name="Fingerprint">The provider key's last 4 characters, to tell keys apart.</param>
/// <param name="CreatedAt">When it was added (UTC).</param>
/// <param name="Limits">The upstream's own quotas, so that the router stays under them.</param>
/// <param name="Format">What <see cref="Key"/>'s AAD covers; records stored before destination binding read as <see cref="ProviderKeyFormat.LegacyV1"/>.</param>
/// <param name="Organization">Sent as <c>OpenAI-Organization</c> with this key (never the caller's); bound in the v2 AAD's header template.</param>
/// <param name="Project">Sent as <c>OpenAI-Project</c> with this key (never the caller's); bound in the v2 AAD's header template.</param>
/// <param name="ApiVersion">Azure OpenAI only: the <c>api-version</c> every request of this key is sent with; bound in the v2 AAD's header template.</param>
/// <param name="Deployments">Azure OpenAI only: model name to deployment name (a model not listed goes to the deployment of its own name); bound like <paramref name="ApiVersion"/>.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.ProviderKeyRecord")]
public sealed record ProviderKeyRecord(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Id,
    [property: Id(2)] string Name,
    [property: Id(3)] ProviderKind Provider,
    [property: Id(4)] string BaseUrl,
    [property: Id(5)] ImmutableArray<string> Models,
    [property: Id(6)] string Pool,
    [property: Id(7)] int PoolVersion,
    [property: Id(8)] int Weight,
    [property: Id(9)] int Priority,
    [property: Id(10)] SealedSecret Key,
    [property: Id(11)] string Fingerprint,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] RateLimits? Limits = null,
    [property: Id(14)] ProviderKeyFormat Format = ProviderKeyFormat.LegacyV1,
    [property: Id(15)] string? Organization = null,
    [property: Id(16)] string? Project = null,
    [property: Id(17)] string? ApiVersion = null,
    [property: Id(18)] ImmutableDictionary<string, string>? Deployments = null);
