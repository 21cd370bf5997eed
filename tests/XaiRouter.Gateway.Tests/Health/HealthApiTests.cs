using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Gateway.Health.Tests;

[Collection(GatewayCollection.Name)]
public sealed class HealthApiTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probe_RunningGateway_Returns200Healthy(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task Metrics_AfterGrainCalls_ExposesOrleansRuntimeAndHttpMetrics()
    {
        using var client = factory.CreateOperatorClient();
        (await client.GetAsync("/admin/tenants", Cancellation)).EnsureSuccessStatusCode();

        using var response = await client.GetAsync("/metrics", Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE orleans_", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_", text, StringComparison.Ordinal);

        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_HttpServerSettingOff_LeavesOutTheRequestDurationHistogram()
    {
        // ASP.NET Core's request histogram costs every request CPU: Metrics:HttpServer=false saves it.
        await using var gateway = new GatewayFactory { Settings = { ["Metrics:HttpServer"] = "false" } };
        using var client = gateway.CreateOperatorClient();
        (await client.GetAsync("/admin/tenants", Cancellation)).EnsureSuccessStatusCode();

        using var response = await client.GetAsync("/metrics", Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE orleans_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_AReadinessCheckFails_Returns503WhileHealthzStays200()
    {
        await using var failing = new GatewayFactory();
        using var client = failing.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddHealthChecks().AddCheck("broken", () => HealthCheckResult.Unhealthy("test"), tags: [HealthApi.ReadyTag]))).CreateClient();

        using var readyz = await client.GetAsync("/readyz", Cancellation);
        using var healthz = await client.GetAsync("/healthz", Cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
        Assert.Equal("Unhealthy", await readyz.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
    }

    [Fact]
    public async Task StorageHealthCheck_UnreachableDatabase_IsUnhealthy()
    {
        var database = new StorageDatabase(StorageDialect.Sqlite, "Data Source=/nonexistent-folder/xai/router.db;Mode=ReadWrite");
        var sut = new StorageHealthCheck(database);

        var result = await sut.CheckHealthAsync(new HealthCheckContext(), Cancellation);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Null(result.Exception);
    }
}
