global using Microsoft.AspNetCore.Http.HttpResults;
global using XaiRouter.Grains.Abstractions;
global using XaiRouter.Grains.Abstractions.Tenants;
global using XaiRouter.Grains.Hosting;
global using System.Collections.Immutable;
global using XaiRouter.Grains.Abstractions.Keys;
global using XaiRouter.Grains.Abstractions.ProviderKeys;
global using XaiRouter.Grains.Abstractions.Vault;
