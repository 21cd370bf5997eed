using XaiRouter.Grains.Abstractions.Keys;

namespace XaiRouter.Admin.Views;

/// <summary>A key of <c>keys tree</c>: metadata and policy, and the keys it created. No salt, verifier or slot bytes.</summary>
internal sealed record KeyNodeView(
    string KeyId,
    string Name,
    AccessKeyKind Kind,
    AccessKeyStatus Status,
    bool Manage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    ImmutableArray<string> Pools,
    KeyPolicy? Policy,
    List<KeyNodeView> Children)
{
    public static KeyNodeView From(AccessKeyInfo key) =>
        new(key.KeyId, key.Name, key.Kind, key.Status, key.Manage, key.CreatedAt, key.ExpiresAt, key.Pools, key.Policy, []);
}
