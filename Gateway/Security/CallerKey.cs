using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Security;

/// <summary>The authenticated access key of the current request, set by the authentication filters.</summary>
internal static class CallerKey
{
    private static readonly object ItemKey = new();

    public static void SetCaller(this HttpContext context, UnlockedKey key) => context.Items[ItemKey] = key;

    /// <summary>The caller's unlocked key; only valid on endpoints behind an authentication filter.</summary>
    public static UnlockedKey GetCaller(this HttpContext context) =>
        context.Items[ItemKey] as UnlockedKey ?? throw new InvalidOperationException("The endpoint is not behind an access-key filter.");
}
