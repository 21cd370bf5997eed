namespace XaiRouter.Admin.Views;

/// <summary>A node of <c>cluster nodes</c>: its membership entry, its role and its activation count.</summary>
internal sealed record NodeView(string Address, string SiloName, string HostName, string Role, string Status, DateTimeOffset StartedAt, int? Activations);
