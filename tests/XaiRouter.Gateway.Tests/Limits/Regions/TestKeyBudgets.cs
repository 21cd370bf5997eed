using System.Collections.Concurrent;
using XaiRouter.Gateway.Regions;
using XaiRouter.Grains.Abstractions.Limits;

namespace XaiRouter.Gateway.Limits.Regions.Tests;

/// <summary>
/// The home's key budgets as the test declares them: these regions have no access-key rows (SQLite, no replication),
/// so a test names the budget a key has in its home (<see cref="Declare"/>).
/// </summary>
internal sealed class TestKeyBudgets : IKeyBudgetSource
{
    private readonly ConcurrentDictionary<(string Tenant, string Key), BudgetPolicy> _budgets = new();

    public void Declare(string tenantId, string keyId, BudgetPolicy budget) => _budgets[(tenantId, keyId)] = budget;

    public Task<BudgetPolicy?> GetBudgetAsync(string tenantId, string keyId) =>
        Task.FromResult(_budgets.TryGetValue((tenantId, keyId), out var budget) ? budget : null);
}
