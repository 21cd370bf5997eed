using System.Collections.Immutable;
using XaiRouter.Grains.Abstractions.Usage;
using XaiRouter.Grains.Usage;

namespace XaiRouter.Grains.Tests.Usage;

/// <summary>
/// Review of issue 16: the request log queries as SQLite plans them (<c>EXPLAIN QUERY PLAN</c>, no statistics, as a
/// fresh database has). A sub-key's <c>/x/requests</c> names its visible keys; asked as <c>key_id IN (...)</c> it was
/// planned as a newest-first scan of the whole tenant's week by time, filtered by key: a sub-key with little traffic in
/// a busy tenant read every row of the week on each call, and so did <c>?key=</c> for such a key.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UsageQueryPlanTests(GrainClusterFixture fixture)
{
    private static readonly DateOnly Day = new(2026, 11, 28);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubKeyRequestLog_ScansItsOwnKeys_NotTheTenantsWeek()
    {
        var tenant = "plan" + Guid.NewGuid().ToString("N");
        var store = new UsageStore(fixture.Database);
        var at = new DateTimeOffset(Day.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
        var rows = Enumerable.Range(0, 3000)
            .Select(i => Record($"r{i}", i % 500 == 0 ? $"rare{i % 3}" : "busy", at.AddSeconds(i)))
            .ToList();
        await store.WriteAsync(tenant, Day, rows, Cancellation);
        var visible = ImmutableHashSet.Create(StringComparer.Ordinal, "rare0", "rare1", "rare2", "idle");
        var query = new RequestLogQuery(4, VisibleKeyIds: visible);

        var found = await new UsageReader(store).QueryRequestsAsync(tenant, at.AddDays(-6), at.AddDays(1), query, servedOnly: false, Cancellation);
        var plan = await PlanAsync(tenant, at, query with { Status = 200 }, [.. visible.Order(StringComparer.Ordinal)]);
        var oneKey = await PlanAsync(tenant, at, new RequestLogQuery(4, KeyId: "rare0"), null);
        var oneProviderKey = await PlanAsync(tenant, at, new RequestLogQuery(4, ProviderKeyId: "pk"), null);

        Assert.Equal(["r2500", "r2000", "r1500", "r1000"], found.Select(r => r.RequestId));
        var scans = plan.Where(line => line.Contains("xai_usage_requests", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(scans);
        Assert.All(scans, line => Assert.Contains("key_id=?", line, StringComparison.Ordinal));
        Assert.Contains("key_id=?", Assert.Single(oneKey, line => line.Contains("xai_usage_requests", StringComparison.Ordinal)), StringComparison.Ordinal);

        // Issue 18: ?provider_key= reads that provider key's index too.
        Assert.Contains("xai_usage_requests_by_provider_key", Assert.Single(oneProviderKey, line => line.Contains("xai_usage_requests", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private async Task<List<string>> PlanAsync(string tenant, DateTimeOffset at, RequestLogQuery query, string[]? keys)
    {
        await using var connection = await new UsageStore(fixture.Database).OpenAsync(Cancellation);
        await using var command = UsageReader.SelectCommand(connection, UsageSql.Sqlite, tenant, at.AddDays(-6), at.AddDays(1), query, servedOnly: false, keys, 4);
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        while (await reader.ReadAsync(Cancellation))
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }

    private static UsageRecord Record(string id, string key, DateTimeOffset at) =>
        new(id, "tenant", key, "gpt-4o", "pk", at, 200, 1, 0, 1, 0, false, 0.001m, 12);
}
