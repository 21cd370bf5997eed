namespace XaiRouter.Grains.Regions;

/// <summary>What preparing the database for its region did.</summary>
/// <param name="Claimed">Whether this start wrote the region's name (first start as a region).</param>
/// <param name="BackFilled">Control-plane rows without a home that became this region's.</param>
/// <param name="PublicationCreated">Whether the publication was created now.</param>
internal sealed record RegionPreparation(bool Claimed, int BackFilled, bool PublicationCreated);
