namespace XaiRouter.Grains.Regions;

/// <summary>
/// The grain states that are global control-plane data, stamped with their tenant's home region and replicated to
/// the other regions. The trigger of migration 0007 lists the same names; everything else is regional.
/// </summary>
internal static class ControlPlaneRows
{
    public const string Tenant = "tenant";

    public const string AccessKey = "accessKey";

    public const string ProviderKey = "providerKey";

    /// <summary>The names as a SQL list, for statements that select control-plane rows.</summary>
    public const string SqlList = "('" + Tenant + "', '" + AccessKey + "', '" + ProviderKey + "')";
}
