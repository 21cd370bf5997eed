namespace XaiRouter.Grains.Abstractions.Keys;

/// <summary>
/// An access key's metadata and policy, for the operator tooling: the <see cref="AccessKeyRecord"/> without its salt,
/// verifier, keyslots or public key (slots are named by pool and version only).
/// </summary>
/// <param name="TenantId">The owning tenant.</param>
/// <param name="KeyId">The public key id.</param>
/// <param name="ParentKeyId">The key that created this one; <see langword="null"/> for a root key.</param>
/// <param name="Kind">Root, sub-account, session or passphrase.</param>
/// <param name="Name">A display name.</param>
/// <param name="Manage">Whether the key may use the management API.</param>
/// <param name="Status">Active or revoked.</param>
/// <param name="Version">The record's version.</param>
/// <param name="CreatedAt">When the key was created (UTC).</param>
/// <param name="ExpiresAt">When the key stops working, if ever.</param>
/// <param name="Policy">Its policy; <see langword="null"/> is unrestricted.</param>
/// <param name="Pools">The pools it holds a slot for, as <c>pool@version</c>.</param>
[GenerateSerializer]
[Immutable]
[Alias("XaiRouter.AccessKeyInfo")]
public sealed record AccessKeyInfo(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string KeyId,
    [property: Id(2)] string? ParentKeyId,
    [property: Id(3)] AccessKeyKind Kind,
    [property: Id(4)] string Name,
    [property: Id(5)] bool Manage,
    [property: Id(6)] AccessKeyStatus Status,
    [property: Id(7)] int Version,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? ExpiresAt,
    [property: Id(10)] KeyPolicy? Policy,
    [property: Id(11)] ImmutableArray<string> Pools)
{
    /// <summary>The metadata of <paramref name="record"/>.</summary>
    public static AccessKeyInfo From(AccessKeyRecord record) => new(
        record.TenantId, record.KeyId, record.ParentKeyId, record.Kind, record.Name, record.Manage, record.Status, record.Version,
        record.CreatedAt, record.ExpiresAt, record.Policy, [.. record.Slots.Select(static s => s.Pool + "@" + s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
}
