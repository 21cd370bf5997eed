namespace XaiRouter.Gateway;

/// <summary>Log event ids of the Gateway, allocated in one place (2000-2999).</summary>
internal static partial class EventIds
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

    public const int ProviderKeyBindingRefused = 2070;
    public const int ClaimTokenReissued = 2080;
    public const int TenantClaimed = 2081;
    public const int ClaimRefused = 2082;
    public const int OrphanRootRevoked = 2083;
    public const int KeyRecordUpgradeFailed = 2090;

    // Health (2120-2139).
    public const int ProviderKeyMisconfigured = 2120;

    // Bad input (issue 15, defect 7): 2140-2159.
    public const int ClientInputRefused = 2140;

    // Budgets and usage: 2160-2179.
    public const int UpstreamUsageInvalid = 2160;

    // What a newcomer sees at start-up (2200-2219).
    public const int GatewayStarting = 2200;
    public const int GatewayReady = 2201;

    // Caches (2280-2299).
    public const int RecordRefreshFailed = 2280;

    // Orleans dashboard (issue 19, part B): 2440-2459.
    public const int DashboardServed = 2440;
    public const int DashboardSignedIn = 2441;
    public const int DashboardSignInRefused = 2442;
    public const int DashboardNodeUnavailable = 2443;

    // Usage reporting robustness (issue 16, ledgerguard): 2500-2509.
    public const int UsageRecordSetAside = 2500;
    public const int UsageBacklogFull = 2501;
    public const int UsageBacklogDrained = 2502;
}
