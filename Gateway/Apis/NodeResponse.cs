namespace XaiRouter.Gateway.Apis;

/// <summary>One node of <c>GET /admin/nodes</c>, as the cluster's membership table knows it.</summary>
/// <param name="Address">The silo address (host:port@generation).</param>
/// <param name="SiloName">The silo's name.</param>
/// <param name="HostName">The machine's name.</param>
/// <param name="Status">Orleans' status: <c>Active</c>, <c>Joining</c>, <c>ShuttingDown</c>, <c>Dead</c>...</param>
/// <param name="StartedAt">When the silo started.</param>
/// <param name="Role">The role name Orleans records for the silo.</param>
internal sealed record NodeResponse(string Address, string SiloName, string HostName, string Status, DateTimeOffset StartedAt, string Role);
