namespace XaiRouter.Grains;

/// <summary>Log event ids of this assembly, allocated in one place (1000-1999).</summary>
internal static class EventIds
{
    public const int MigrationApplied = 1001;
    public const int SchemaCurrent = 1002;
    public const int MigrationFailed = 1003;
    public const int StorageUnreachable = 1004;

    // Orleans transport security and data file permissions (1420-1439).
    public const int TransportPlaintext = 1420;
    public const int TransportMutualTls = 1421;
    public const int TransportCredentialsGenerated = 1422;
    public const int DataFileTightened = 1423;
    public const int DataDirectoryOpen = 1424;

    // Start-up checks a newcomer meets: telemetry export (1500-1509).
    public const int OtlpExporting = 1500;
    public const int OtlpProtocolMismatch = 1501;

    // Usage ledger tables (1520-1539).
    public const int UsageRequestsExpired = 1520;
    public const int UsageRetentionFailed = 1521;

    // Operator tooling, xai-admin (1600-1619).
    public const int NodeAgentDropped = 1600;

    // Regions: replication set-up, home regions (1620-1639).
    public const int RegionPrepared = 1620;
    public const int RegionPrepareFailed = 1621;
    public const int RegionSubscribed = 1622;
    public const int RegionPeerNotReady = 1623;
    public const int RegionHomeMoved = 1624;
    public const int RegionPeerRemoved = 1625;
    public const int RegionPeerRemovalFailed = 1626;

    // Regions, freshness and revocation (issue 20, rg-fresh): 1640-1659.
    public const int RegionListenerConnected = 1640;
    public const int RegionListenerDisconnected = 1641;
    public const int ReplicatedReloadFailed = 1642;
    public const int ReplicatedNotificationInvalid = 1643;
    public const int RevocationFenced = 1644;
    public const int RevocationFenceFailed = 1645;
    public const int RevocationCaughtUp = 1646;
}
