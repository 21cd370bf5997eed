namespace XaiRouter.Grains.Abstractions.Admin;

/// <summary>One node of the cluster as its membership table knows it (<c>GET /admin/nodes</c>, <c>xai-admin cluster nodes</c>).</summary>
/// <param name="Address">The silo address (host:port@generation).</param>
/// <param name="SiloName">The silo's name.</param>
/// <param name="HostName">The machine's name.</param>
/// <param name="Status">Orleans' status: <c>Active</c>, <c>Joining</c>, <c>ShuttingDown</c>, <c>Dead</c>...</param>
/// <param name="StartedAt">When the silo started.</param>
/// <param name="Role">The role name Orleans records for the silo (the node's program: Gateway or Silo).</param>
public sealed record ClusterNode(string Address, string SiloName, string HostName, string Status, DateTimeOffset StartedAt, string Role);
