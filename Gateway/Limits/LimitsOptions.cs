namespace XaiRouter.Gateway.Limits;

/// <summary>Rate limits and budgets, configuration section <c>Limits</c>.</summary>
internal sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>
    /// <c>Limits:DefaultMaxTokens</c>: the output tokens reserved (against token limits and budgets) for a request
    /// that sets no <c>max_tokens</c>. Default 4096. Settlement charges what was really used; an answer longer than
    /// this is the one case where a budget can be overspent, by that request's excess.
    /// </summary>
    public long DefaultMaxTokens { get; set; } = 4096;

    /// <summary>
    /// <c>Limits:LeaseDuration</c>: how long a gateway may use allowance it leased from a scope before handing the
    /// rest back. Default 2 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(2);
}
