namespace XaiRouter.Gateway.Security;

/// <summary>How an access-key authentication ended.</summary>
internal enum AuthenticationOutcome
{
    /// <summary>The key is valid; the request may proceed.</summary>
    Success,

    /// <summary>No key, a malformed key, an unknown, revoked or expired key, or a wrong secret: all look the same.</summary>
    Unauthorized,

    /// <summary>A failing key from a client address past its failure allowance (a valid key is never throttled).</summary>
    Throttled,

    /// <summary>The key is valid but its tenant is disabled.</summary>
    TenantDisabled,
}
