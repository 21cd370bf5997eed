global using System.Collections.Immutable;
global using Orleans;
global using Orleans.Runtime;
global using XaiRouter.Grains.Abstractions;
global using XaiRouter.Grains.Abstractions.Tenants;
global using XaiRouter.Grains.Abstractions.Keys;
global using XaiRouter.Grains.Abstractions.ProviderKeys;
global using XaiRouter.Grains.Abstractions.Vault;
