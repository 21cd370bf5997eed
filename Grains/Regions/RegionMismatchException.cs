namespace XaiRouter.Grains.Regions;

/// <summary>The database belongs to another region than <c>Region:Name</c> says; starting would mix two regions' rows.</summary>
public sealed class RegionMismatchException(string databaseRegion, string configuredRegion)
    : Exception($"The grain storage database belongs to region '{databaseRegion}' (table xai_region), but Region:Name is '{configuredRegion}'. " +
                "Each region has its own database: point Storage:ConnectionString at this region's database, or set Region:Name to its region.")
{
    public string DatabaseRegion { get; } = databaseRegion;

    public string ConfiguredRegion { get; } = configuredRegion;
}
