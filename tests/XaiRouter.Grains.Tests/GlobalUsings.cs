global using Orleans;
global using Xunit;
global using XaiRouter.Grains.Abstractions;
global using XaiRouter.Grains.Abstractions.Tenants;
global using XaiRouter.TestSupport;
