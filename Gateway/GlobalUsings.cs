global using Microsoft.AspNetCore.Http.HttpResults;
global using XaiRouter.Grains.Abstractions;
global using XaiRouter.Grains.Abstractions.Tenants;
global using XaiRouter.Grains.Hosting;
