namespace XaiRouter.Grains.Tenants;

/// <inheritdoc cref="ITenantDirectoryGrain"/>
internal sealed class TenantDirectoryGrain(
    [PersistentState("tenantDirectory", GrainStorage.ProviderName)] IPersistentState<TenantDirectoryState> state)
    : Grain, ITenantDirectoryGrain
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>Tenant ids by name, case-insensitive: built from the stored names, never stored itself.</summary>
    private readonly Dictionary<string, List<string>> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _known.UnionWith(state.State.TenantIds);
        foreach (var (id, name) in state.State.Names)
        {
            IndexName(id, name);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task RegisterAsync(string tenantId)
    {
        if (!_known.Add(tenantId))
        {
            return;
        }

        state.State.TenantIds.Add(tenantId);
        await state.WriteOrUndoAsync(() =>
        {
            state.State.TenantIds.RemoveAt(state.State.TenantIds.Count - 1);
            _known.Remove(tenantId);
        });
    }

    /// <inheritdoc/>
    public async Task RegisterAsync(string tenantId, string name)
    {
        if (_known.Contains(tenantId) && state.State.Names.ContainsKey(tenantId))
        {
            return;
        }

        var added = _known.Add(tenantId);
        if (added)
        {
            state.State.TenantIds.Add(tenantId);
        }

        state.State.Names[tenantId] = name;
        await state.WriteOrUndoAsync(() =>
        {
            state.State.Names.Remove(tenantId);
            if (added)
            {
                state.State.TenantIds.RemoveAt(state.State.TenantIds.Count - 1);
                _known.Remove(tenantId);
            }
        });
        IndexName(tenantId, name);
    }

    /// <inheritdoc/>
    public async Task UnregisterAsync(string tenantId)
    {
        if (!_known.Remove(tenantId))
        {
            return;
        }

        state.State.TenantIds.Remove(tenantId);
        if (state.State.Names.Remove(tenantId, out var name) && _byName.TryGetValue(name.Trim(), out var ids))
        {
            ids.Remove(tenantId);
        }

        await state.WriteStateAsync();
    }

    /// <inheritdoc/>
    public async Task<ImmutableArray<string>> FindByNameAsync(string name)
    {
        if (!state.State.NamesComplete)
        {
            await CompleteNamesAsync();
        }

        return _byName.TryGetValue(name.Trim(), out var ids) ? [.. ids] : [];
    }

    /// <inheritdoc/>
    public async Task<ImmutableArray<TenantInfo>> ListTenantsAsync()
    {
        var tenants = await Task.WhenAll(state.State.TenantIds.Select(id => GrainFactory.GetGrain<ITenantGrain>(GrainKeys.Tenant(id)).GetAsync()));

        // An id whose creation was interrupted has no tenant yet: left out.
        return [.. tenants.OfType<TenantInfo>()];
    }

    /// <inheritdoc/>
    public Task<ImmutableArray<string>> ListAsync() => Task.FromResult(state.State.TenantIds.ToImmutableArray());

    /// <summary>
    /// Reads the name of every tenant registered before names were kept, once: afterwards every registration
    /// carries its name. A tenant whose grain holds no tenant yet (created after its id was registered) has none.
    /// </summary>
    private async Task CompleteNamesAsync()
    {
        var missing = state.State.TenantIds.Where(id => !state.State.Names.ContainsKey(id)).ToList();
        var infos = await Task.WhenAll(missing.Select(id => GrainFactory.GetGrain<ITenantGrain>(GrainKeys.Tenant(id)).GetAsync()));
        foreach (var info in infos.OfType<TenantInfo>())
        {
            state.State.Names[info.Id] = info.Name;
            IndexName(info.Id, info.Name);
        }

        state.State.NamesComplete = true;
        await state.WriteStateAsync();
    }

    private void IndexName(string tenantId, string name)
    {
        var key = name.Trim();
        if (!_byName.TryGetValue(key, out var ids))
        {
            _byName[key] = ids = [];
        }

        if (!ids.Contains(tenantId, StringComparer.Ordinal))
        {
            ids.Add(tenantId);
        }
    }
}
