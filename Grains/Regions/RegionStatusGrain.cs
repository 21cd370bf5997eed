using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using XaiRouter.Grains.Abstractions.Regions;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Regions;

/// <inheritdoc cref="IRegionStatusGrain"/>
[StatelessWorker]
internal sealed class RegionStatusGrain(StorageDatabase database, IOptions<RegionOptions> region) : Grain, IRegionStatusGrain
{
    /// <inheritdoc/>
    public async Task<RegionStatus> GetAsync() =>
        new(region.Value.Name ?? string.Empty, await SubscriptionStateReader.ReadAsync(database, region.Value, CancellationToken.None));
}
