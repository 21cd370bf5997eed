using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>A Gateway on a real socket (for the OpenAI SDK) and a fake provider on loopback.</summary>
public sealed class BudgetFixture : IAsyncLifetime
{
    public const string ProviderKey = "sk-budget-provider-key-0123456789";

    public FakeUpstream Upstream { get; private set; } = null!;

    public GatewayFactory Gateway { get; } = new() { RealSockets = true };

    public Uri GatewayAddress { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Upstream.ReleaseStream();
        GatewayAddress = Gateway.Start();
    }

    /// <summary>A tenant with one provider key at the fake upstream serving <paramref name="models"/>.</summary>
    public async Task<TenantSession> CreateTenantAsync(string name, params string[] models)
    {
        var tenant = await TenantSession.CreateAsync(Gateway, name);
        await tenant.AddProviderKeyAsync(Upstream.BaseUrl, ProviderKey, models);
        return tenant;
    }

    /// <summary>The official SDK with <paramref name="accessKey"/>; <paramref name="sent"/> counts the HTTP requests it makes.</summary>
    public OpenAIClient Sdk(string accessKey, HttpMessageHandler? sent = null) => new(new ApiKeyCredential(accessKey), new OpenAIClientOptions
    {
        Endpoint = new Uri(GatewayAddress, "/v1"),
        Transport = sent is null ? null : new HttpClientPipelineTransport(new HttpClient(sent)),
    });

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
