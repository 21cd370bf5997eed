global using System.Collections.Immutable;
global using System.CommandLine;
global using Orleans;
global using XaiRouter.Grains.Abstractions;
