namespace XaiRouter.Cluster.Tests;

/// <summary>The built xai-admin as a process against a real Redis + PostgreSQL cluster of a Silo and two Gateways.</summary>
public sealed class AdminProcessTests(AdminProcessFixture fixture) : IClassFixture<AdminProcessFixture>
{
    [Fact]
    public async Task ClusterNodes_ListsTwoGatewaysAndTheSiloActive()
    {
        var nodes = Json(await fixture.RunAsync("cluster", "nodes", "--json")).EnumerateArray().ToList();
        Assert.Equal(3, nodes.Count);
        Assert.All(nodes, n => Assert.Equal("Active", n.GetProperty("status").GetString()));
        Assert.Equal(2, nodes.Count(n => n.GetProperty("role").GetString() == "Gateway"));
        Assert.Equal(1, nodes.Count(n => n.GetProperty("role").GetString() == "Silo"));
    }

    [Fact]
    public async Task TenantsList_ShowsTheTenant()
    {
        var tenant = Assert.Single(Json(await fixture.RunAsync("tenants", "list", "--json")).EnumerateArray());
        Assert.Equal(fixture.TenantId, tenant.GetProperty("id").GetString());
        Assert.Equal("cli-process", tenant.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ProviderKeysList_ShowsTheKeysMetadataOnly()
    {
        var (exitCode, stdout, stderr) = await fixture.RunAsync("provider-keys", "list", "cli-process");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains(fixture.ProviderKeyId, stdout, StringComparison.Ordinal);
        Assert.Contains(fixture.Cluster.Upstream.BaseUrl, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminProcessFixture.ProviderKeyMarker, stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LedgerFlush_AnswersOncePerGateway()
    {
        var answers = Json(await fixture.RunAsync("ledger", "flush", "--json")).EnumerateArray().ToList();
        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.True(a.GetProperty("value").GetProperty("drained").GetBoolean()));
        Assert.Equal(2, answers.Select(a => a.GetProperty("node").GetString()).Distinct().Count());

        // The served request is in the ledger now.
        var usage = Json(await fixture.RunAsync("usage", fixture.TenantId, "--json"));
        Assert.Equal(1, usage.GetProperty("total").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task EveryTenantCommand_HoldsNeitherTheProviderKeyNorTheAccessKey()
    {
        var output = new System.Text.StringBuilder();
        foreach (var command in new[] { "tenants show", "keys tree", "provider-keys list", "health", "usage" })
        {
            var (exitCode, stdout, stderr) = await fixture.RunAsync([.. command.Split(' '), fixture.TenantId, "--json"]);
            Assert.True(exitCode == 0, stderr);
            output.Append(stdout).Append(stderr);
        }

        Assert.DoesNotContain(AdminProcessFixture.ProviderKeyMarker, output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.RootKey, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongClusterSettings_OneLineOnStderrExitOne()
    {
        // Redis without the nodes' certificate: refused before any connection, as a node would refuse to start.
        var (exitCode, stdout, stderr) = await AdminProcess.RunAsync(new Dictionary<string, string>
        {
            ["Cluster__Provider"] = "redis",
            ["Cluster__Redis"] = fixture.Cluster.Redis,
        }, ["tenants", "list"], TestContext.Current.CancellationToken);
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cluster:Tls:CertificatePath", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static JsonElement Json((int ExitCode, string Stdout, string Stderr) run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }
}
