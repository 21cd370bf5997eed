namespace XaiRouter.Gateway;

/// <summary>Log event ids of the Gateway, allocated in one place (2000-2999).</summary>
internal static class EventIds
{
    public const int OperatorTokenFromConfiguration = 2001;
    public const int OperatorTokenGenerated = 2002;
    public const int OperatorTokenLoaded = 2003;
    public const int OperatorTokenFileTooOpen = 2004;
    public const int TenantCreated = 2010;
    public const int TenantStatusChanged = 2011;
    public const int SettlementRetry = 2030;
    public const int LeaseReturnFailed = 2040;
    public const int LimitSettlementFailed = 2041;
    public const int HealthReportFailed = 2050;
    public const int LivenessProbeFailed = 2051;
    public const int AttemptFailed = 2052;
    public const int ClusterUnavailable = 2060;

    /// <summary>Issue 14, destination binding (1400-1419): a provider key record failed its binding and was not sent.</summary>
    public const int ProviderKeyBindingRefused = 1400;
    // vaultops (issue 14): 1460-1479.
    public const int KeyRecordUpgradeFailed = 1460;
    // Onboarding (claim tokens, passphrases): 1440-1459.
    public const int ClaimTokenReissued = 1440;
    public const int TenantClaimed = 1441;
    public const int ClaimRefused = 1442;
    public const int OrphanRootRevoked = 1443;
}
