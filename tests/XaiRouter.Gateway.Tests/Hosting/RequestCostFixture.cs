using Microsoft.Extensions.DependencyInjection;

namespace XaiRouter.Gateway.Hosting.Tests;

/// <summary>A Gateway with no telemetry exporter whose ledger calls are counted, a fake upstream and a tenant whose key points at it.</summary>
public sealed class RequestCostFixture : IAsyncLifetime
{
    public const string Model = "gpt-4o";

    public LedgerCallCounter LedgerCalls { get; } = new();

    public GatewayFactory Gateway { get; private set; } = null!;

    public FakeUpstream Upstream { get; private set; } = null!;

    public TenantSession Tenant { get; private set; } = null!;

    public string ProviderKeyId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Gateway = new GatewayFactory { ReplaceServices = services => services.AddSingleton<IIncomingGrainCallFilter>(LedgerCalls) };
        Gateway.Start();
        Tenant = await TenantSession.CreateAsync(Gateway, "request-cost");
        ProviderKeyId = await Tenant.AddProviderKeyAsync(Upstream.BaseUrl, "sk-request-cost-upstream-0123456789", [Model]);
    }

    /// <summary>One small chat completion with the tenant's key; asserts it was answered.</summary>
    public async Task<HttpResponseMessage> ChatAsync(Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = Model, messages = new[] { new { role = "user", content = "hi" } } }),
        };
        configure?.Invoke(request);
        var response = await Tenant.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Tenant.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
