using XaiRouter.Grains.Abstractions.Limits;

namespace XaiRouter.Admin.Views;

/// <summary><c>limits show</c>: a scope's windows (leases out counted as used), holds and spend.</summary>
internal sealed record LimitScopeView(string TenantId, string Scope, LimitSnapshot State);
