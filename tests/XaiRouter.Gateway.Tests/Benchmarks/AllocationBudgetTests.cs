namespace XaiRouter.Gateway.Benchmarks.Tests;

/// <summary>
/// The request path's allocation budget (as Garnet keeps one): the bytes each microbenchmark allocated in its last
/// recorded run (<c>bench/results/allocations.json</c>, written by <c>bench/record-allocations.sh</c>) must stay
/// within <c>bench/allocation-budget.json</c>, so an allocation regression shows up as a failing test.
/// </summary>
public sealed class AllocationBudgetTests
{
    private static readonly string Bench = Path.Combine(RepositoryPaths.Root, "bench");

    public static TheoryData<string> Budgeted => [.. Read("allocation-budget.json").Keys];

    [Theory]
    [MemberData(nameof(Budgeted))]
    public void LastRecordedRun_StaysWithinTheBudget(string benchmark)
    {
        var budget = Read("allocation-budget.json")[benchmark];
        var results = Read(Path.Combine("results", "allocations.json"));

        Assert.True(results.TryGetValue(benchmark, out var allocated), $"{benchmark} has no recorded result: run bench/record-allocations.sh");
        Assert.True(allocated <= budget, $"{benchmark} allocates {allocated} B per operation, over its budget of {budget} B");
    }

    [Fact]
    public void EveryRecordedBenchmark_HasABudget()
    {
        var budget = Read("allocation-budget.json");

        Assert.All(Read(Path.Combine("results", "allocations.json")).Keys, name => Assert.True(budget.ContainsKey(name), $"{name} has no budget"));
    }

    private static Dictionary<string, long> Read(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Bench, file))).RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
