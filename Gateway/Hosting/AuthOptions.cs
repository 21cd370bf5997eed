namespace XaiRouter.Gateway.Hosting;

/// <summary>Throttling of failed authentications, configuration section <c>Auth</c>.</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// <c>Auth:FailureBurst</c>: failed authentications a client address (or account) may make in a row before it
    /// gets 429 without any work being done. Default 20.
    /// </summary>
    public int FailureBurst { get; set; } = 20;

    /// <summary><c>Auth:FailuresPerMinute</c>: how fast that allowance refills. Default 30 per minute.</summary>
    public int FailuresPerMinute { get; set; } = 30;
}
