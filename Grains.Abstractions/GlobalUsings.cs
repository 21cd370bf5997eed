global using Orleans;
global using System.Collections.Immutable;
