using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Usage;

/// <summary>What a served request is billed for.</summary>
/// <param name="Tokens">The counts billed.</param>
/// <param name="Estimated">The counts are the router's estimate (the upstream reported none, or none that could be true).</param>
/// <param name="Invalid">The upstream reported usage that could not be true; <paramref name="Estimated"/> replaces it.</param>
internal readonly record struct BilledUsage(TokenUsage Tokens, bool Estimated, bool Invalid);
