using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Security;

/// <summary>The outcome of an authentication and, on success, the unlocked key (owned by the request).</summary>
internal readonly record struct AuthenticationResult(AuthenticationOutcome Outcome, UnlockedKey? Key = null, TimeSpan RetryAfter = default)
{
    public static AuthenticationResult Unauthorized => new(AuthenticationOutcome.Unauthorized);
}
