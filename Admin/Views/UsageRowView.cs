namespace XaiRouter.Admin.Views;

/// <summary>A row of <c>usage</c>: one group's sums (the tenant's whole range when <see cref="Group"/> is <c>total</c>).</summary>
internal sealed record UsageRowView(
    string Group,
    long Requests,
    long Errors,
    long InputTokens,
    long CachedInputTokens,
    long OutputTokens,
    long ReasoningTokens,
    decimal CostUsd);
