using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Regions;

namespace XaiRouter.Grains.Tenants;

/// <inheritdoc cref="ITenantGrain"/>
internal sealed partial class TenantGrain(
    [PersistentState(ControlPlaneRows.Tenant, GrainStorage.ProviderName)] IPersistentState<TenantState> state,
    RouterClock clock,
    IOptions<RegionOptions> regions,
    TenantHomes homes,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    private string TenantId => this.GetPrimaryKeyString()[GrainKeys.TenantPrefix.Length..];

    private TenantState State => state.State;

    private readonly VaultWriteLease _vaultWrites = new();

    /// <inheritdoc/>
    public async Task<TenantInfo> CreateAsync(string name, DateTimeOffset createdAt, string rootKeyId)
    {
        if (!state.RecordExists)
        {
            State.Name = name;
            State.Status = TenantStatus.Active;
            State.CreatedAt = createdAt;
            State.RootKeyId = rootKeyId;
            State.Pools[ITenantGrain.DefaultPool] = 1;
            await state.WriteStateAsync();
        }

        return ToInfo();
    }

    /// <inheritdoc/>
    public Task<TenantInfo?> GetAsync() => Task.FromResult(state.RecordExists ? ToInfo() : null);

    /// <inheritdoc/>
    public Task<TenantVault?> GetVaultAsync() => _copy.MustRead ? GetVaultAfterReadAsync() : Task.FromResult(Vault());

    private TenantVault? Vault() => state.RecordExists
        ? new TenantVault(TenantId, State.Status, State.RootKeyId, State.PassphraseKeyId, State.Pools.ToImmutableDictionary(StringComparer.Ordinal), [.. State.ProviderKeyIds],
            State.ModelAliases.ToImmutableDictionary(StringComparer.Ordinal),
            [.. State.KeyIds],
            State.Prices.ToImmutableDictionary(StringComparer.Ordinal),
            State.Routing,
            State.ProviderKeysEpoch,
            State.AllowUnpricedModels)
        {
            SessionKeyIds = [.. State.SessionKeys.Keys],
        }
        : null;

    /// <inheritdoc/>
    public Task<bool> AcquireVaultWriteAsync(string ownerId, TimeSpan lease, TimeSpan wait) => _vaultWrites.AcquireAsync(ownerId, lease, wait);

    /// <inheritdoc/>
    public Task ReleaseVaultWriteAsync(string ownerId)
    {
        _vaultWrites.Release(ownerId);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<TenantInfo?> SetStatusAsync(TenantStatus status)
    {
        if (!state.RecordExists)
        {
            return null;
        }

        var previous = State.Status;
        if (previous != status)
        {
            State.Status = status;
            await WriteHereAsync(() => State.Status = previous);
        }

        return ToInfo();
    }

    /// <inheritdoc/>
    public async Task<bool> AddPoolAsync(string pool)
    {
        if (!state.RecordExists || !State.Pools.TryAdd(pool, 1))
        {
            return false;
        }

        await WriteHereAsync(() => State.Pools.Remove(pool));
        return true;
    }

    /// <inheritdoc/>
    public async Task<int?> AdvancePoolVersionAsync(string pool, int expectedVersion)
    {
        if (!state.RecordExists || !State.Pools.TryGetValue(pool, out var version) || version != expectedVersion)
        {
            return null;
        }

        State.Pools[pool] = version + 1;
        await WriteHereAsync(() => State.Pools[pool] = version);
        return version + 1;
    }

    /// <inheritdoc/>
    public async Task AddProviderKeyAsync(string providerKeyId)
    {
        if (!state.RecordExists)
        {
            throw new InvalidOperationException("The tenant does not exist.");
        }

        if (!State.ProviderKeyIds.Contains(providerKeyId))
        {
            State.ProviderKeyIds.Add(providerKeyId);
            State.ProviderKeysEpoch++;
            await WriteHereAsync(() =>
            {
                State.ProviderKeyIds.Remove(providerKeyId);
                State.ProviderKeysEpoch--;
            });
        }
    }

    /// <inheritdoc/>
    public async Task TouchProviderKeysAsync()
    {
        if (!state.RecordExists)
        {
            return;
        }

        State.ProviderKeysEpoch++;
        await WriteHereAsync(() => State.ProviderKeysEpoch--);
    }

    /// <inheritdoc/>
    public async Task<bool> SetRoutingAsync(RoutingSettings routing)
    {
        if (!state.RecordExists)
        {
            return false;
        }

        var previous = State.Routing;
        State.Routing = routing;
        await WriteHereAsync(() => State.Routing = previous);
        return true;
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveProviderKeyAsync(string providerKeyId)
    {
        var index = State.ProviderKeyIds.IndexOf(providerKeyId);
        if (!state.RecordExists || index < 0)
        {
            return false;
        }

        State.ProviderKeyIds.RemoveAt(index);
        State.ProviderKeysEpoch++;
        await WriteHereAsync(() =>
        {
            State.ProviderKeyIds.Insert(index, providerKeyId);
            State.ProviderKeysEpoch--;
        });
        return true;
    }

    /// <inheritdoc/>
    public async Task AddKeyAsync(string keyId)
    {
        if (!state.RecordExists)
        {
            throw new InvalidOperationException("The tenant does not exist.");
        }

        if (!State.KeyIds.Contains(keyId))
        {
            State.KeyIds.Add(keyId);
            await WriteHereAsync(() => State.KeyIds.Remove(keyId));
        }
    }

    /// <inheritdoc/>
    public async Task AddSessionKeyAsync(string keyId, DateTimeOffset expiresAt)
    {
        if (!state.RecordExists)
        {
            throw new InvalidOperationException("The tenant does not exist.");
        }

        // Expired sessions leave the index here; a key one created still finds it as its parent.
        var previous = new Dictionary<string, DateTimeOffset>(State.SessionKeys, StringComparer.Ordinal);
        var now = clock.UtcNow;
        foreach (var (id, expiry) in previous.Where(s => s.Value <= now))
        {
            State.SessionKeys.Remove(id);
        }

        State.SessionKeys[keyId] = expiresAt;
        await WriteHereAsync(() => State.SessionKeys = previous);
    }

    /// <inheritdoc/>
    public async Task<bool> SetPricesAsync(ImmutableDictionary<string, ModelPriceRecord?> prices)
    {
        if (!state.RecordExists)
        {
            return false;
        }

        var previous = new Dictionary<string, ModelPriceRecord>(State.Prices, StringComparer.Ordinal);
        foreach (var (model, price) in prices)
        {
            if (price is null)
            {
                State.Prices.Remove(model);
            }
            else
            {
                State.Prices[model] = price;
            }
        }

        await WriteHereAsync(() => State.Prices = previous);
        return true;
    }

    /// <inheritdoc/>
    public async Task<bool> SetAllowUnpricedModelsAsync(bool allow)
    {
        if (!state.RecordExists)
        {
            return false;
        }

        var previous = State.AllowUnpricedModels;
        State.AllowUnpricedModels = allow;
        await WriteHereAsync(() => State.AllowUnpricedModels = previous);
        return true;
    }

    /// <inheritdoc/>
    public async Task<bool> SetModelAliasesAsync(ImmutableDictionary<string, string> aliases)
    {
        if (!state.RecordExists)
        {
            return false;
        }

        var previous = State.ModelAliases;
        State.ModelAliases = new Dictionary<string, string>(aliases, StringComparer.Ordinal);
        await WriteHereAsync(() => State.ModelAliases = previous);
        return true;
    }

    /// <inheritdoc/>
    public async Task<string?> SetPassphraseKeyAsync(string keyId)
    {
        if (!state.RecordExists)
        {
            throw new InvalidOperationException("The tenant does not exist.");
        }

        var previous = State.PassphraseKeyId;
        State.PassphraseKeyId = keyId;
        await WriteHereAsync(() => State.PassphraseKeyId = previous);
        return previous;
    }

    private TenantInfo ToInfo() => new(TenantId, State.Name!, State.Status, State.CreatedAt, Claimed: State.RootKeyId is not null);
}
