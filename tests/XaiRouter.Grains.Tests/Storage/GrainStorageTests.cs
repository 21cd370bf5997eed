using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace XaiRouter.Grains.Tests.Storage;

/// <summary>The project's own SQL for the ADO.NET grain storage, exercised through Orleans' provider on SQLite.</summary>
public sealed class GrainStorageTests(GrainClusterFixture fixture) : ClusterTestBase(fixture)
{
    private const string StateName = "storageProbe";

    private IGrainStorage Storage => Fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>("xai");

    [Fact]
    public async Task WriteStateAsync_NewRecord_ReadsBackWithVersion()
    {
        var id = NewGrainId();
        var written = new GrainState<Probe>(new Probe { Value = "one" });

        await Storage.WriteStateAsync(StateName, id, written);
        var read = new GrainState<Probe>();
        await Storage.ReadStateAsync(StateName, id, read);

        Assert.Equal("1", written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal("one", read.State!.Value);
    }

    [Fact]
    public async Task WriteStateAsync_Update_IncrementsVersion()
    {
        var id = NewGrainId();
        var state = new GrainState<Probe>(new Probe { Value = "one" });
        await Storage.WriteStateAsync(StateName, id, state);

        state.State!.Value = "two";
        await Storage.WriteStateAsync(StateName, id, state);
        var read = new GrainState<Probe>();
        await Storage.ReadStateAsync(StateName, id, read);

        Assert.Equal("2", state.ETag);
        Assert.Equal("two", read.State!.Value);
    }

    [Fact]
    public async Task WriteStateAsync_StaleVersion_ThrowsAndKeepsNewerData()
    {
        var id = NewGrainId();
        var first = new GrainState<Probe>(new Probe { Value = "one" });
        await Storage.WriteStateAsync(StateName, id, first);
        var stale = new GrainState<Probe>(new Probe { Value = "stale" }) { ETag = first.ETag };
        first.State!.Value = "two";
        await Storage.WriteStateAsync(StateName, id, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, stale));

        var read = new GrainState<Probe>();
        await Storage.ReadStateAsync(StateName, id, read);
        Assert.Equal("two", read.State!.Value);
    }

    [Fact]
    public async Task WriteStateAsync_SecondInsertWithoutVersion_Throws()
    {
        var id = NewGrainId();
        await Storage.WriteStateAsync(StateName, id, new GrainState<Probe>(new Probe { Value = "one" }));

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteStateAsync(StateName, id, new GrainState<Probe>(new Probe { Value = "other" })));
    }

    [Fact]
    public async Task ClearStateAsync_ExistingRecord_DeletesIt()
    {
        var id = NewGrainId();
        var state = new GrainState<Probe>(new Probe { Value = "one" });
        await Storage.WriteStateAsync(StateName, id, state);

        await Storage.ClearStateAsync(StateName, id, state);
        var read = new GrainState<Probe>();
        await Storage.ReadStateAsync(StateName, id, read);

        Assert.False(state.RecordExists);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        await Storage.WriteStateAsync(StateName, id, new GrainState<Probe>(new Probe { Value = "again" }));
    }

    [Fact]
    public async Task WriteStateAsync_PrefixedKeysThatDifferOnlyAsHexNumbers_AreSeparateRows()
    {
        // Without a prefix, Orleans parses "50759e" and "050759E" as the same integer key.
        var lower = GrainId.Create("probe", "t:50759e");
        var upper = GrainId.Create("probe", "t:050759E");

        await Storage.WriteStateAsync(StateName, lower, new GrainState<Probe>(new Probe { Value = "lower" }));
        await Storage.WriteStateAsync(StateName, upper, new GrainState<Probe>(new Probe { Value = "upper" }));

        Assert.Equal("lower", (await ReadAsync(lower)).Value);
        Assert.Equal("upper", (await ReadAsync(upper)).Value);
    }

    [Fact]
    public async Task WriteStateAsync_SameKeyOtherStateName_IsSeparateRow()
    {
        var id = NewGrainId();

        await Storage.WriteStateAsync("probeA", id, new GrainState<Probe>(new Probe { Value = "a" }));
        await Storage.WriteStateAsync("probeB", id, new GrainState<Probe>(new Probe { Value = "b" }));

        var a = new GrainState<Probe>();
        await Storage.ReadStateAsync("probeA", id, a);
        Assert.Equal("a", a.State!.Value);
    }

    [Fact]
    public void PersistentState_EveryGrainClass_UsesItsOwnStateName()
    {
        // The ADO.NET storage keys rows by state name and grain key, not grain class: shared names would share rows.
        var names = typeof(GrainStorage).Assembly.GetTypes()
            .Where(type => typeof(Grain).IsAssignableFrom(type))
            .SelectMany(type => type.GetConstructors().SelectMany(c => c.GetParameters()))
            .Select(parameter => parameter.GetCustomAttribute<PersistentStateAttribute>())
            .OfType<PersistentStateAttribute>()
            .Select(attribute => attribute.StateName)
            .ToList();

        Assert.NotEmpty(names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    private static GrainId NewGrainId() => GrainId.Create("probe", "p:" + Guid.NewGuid().ToString("N"));

    private async Task<Probe> ReadAsync(GrainId id)
    {
        var state = new GrainState<Probe>();
        await Storage.ReadStateAsync(StateName, id, state);
        return state.State!;
    }

    public sealed class Probe
    {
        public string? Value { get; set; }
    }
}
