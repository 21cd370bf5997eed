namespace XaiRouter.Gateway;

/// <summary>Log event ids of the regions' management side (issue 20, rg-write): 2520-2539.</summary>
internal static partial class EventIds
{
    public const int WriteHomedElsewhere = 2520;
    public const int PeerUsageUnreachable = 2521;
    public const int PeerUsageRestored = 2522;
    public const int TenantHomeMoved = 2523;
    public const int TenantHomeMoveRefused = 2524;
}
