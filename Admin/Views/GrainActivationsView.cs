namespace XaiRouter.Admin.Views;

/// <summary>A row of <c>cluster grains</c>: activations of one grain type on one silo.</summary>
internal sealed record GrainActivationsView(string GrainType, string Silo, int Activations);
