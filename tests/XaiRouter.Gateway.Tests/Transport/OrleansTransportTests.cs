using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using XaiRouter.Grains.Abstractions;
using XaiRouter.Grains.Abstractions.Tenants;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Transport;

namespace XaiRouter.Gateway.Transport.Tests;

/// <summary>
/// The embedded Gateway's Orleans gateway port, attacked from the same host: only a client holding the credentials
/// from the data directory gets past the mutual TLS handshake to call a grain.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class OrleansTransportTests(GatewayFactory gateway)
{
    private const string ProviderSecret = "sk-transport-test-secret-0123456789";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private SiloSettings Silo => gateway.Services.GetRequiredService<SiloSettings>();

    [Fact]
    public async Task PlaintextClient_SaveAsyncWithAnAttackerBaseUrl_IsRefused_AndTheKeyStillGoesOnlyToItsUpstream()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var attacker = await FakeUpstream.StartAsync();
        using var tenant = await TenantSession.CreateAsync(gateway, "transport");
        var providerKeyId = await tenant.AddProviderKeyAsync(upstream.BaseUrl, ProviderSecret, ["gpt-4o"]);
        var grainKey = GrainKeys.ProviderKey(tenant.Id, providerKeyId);
        var sealedRecord = await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IProviderKeyGrain>(grainKey).GetAsync();

        // The attacker knows everything about the record except the transport credentials.
        var forged = sealedRecord! with { BaseUrl = attacker.BaseUrl };
        // A plaintext client never completes the Orleans handshake: the TLS side drops it after its handshake timeout
        // and the client keeps retrying; 20 s bound the attempt, long enough for a completed call to land.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        bounded.CancelAfter(TimeSpan.FromSeconds(20));
        var attempt = await Record.ExceptionAsync(async () =>
        {
            await using var client = await OrleansTestClient.ConnectPlaintextAsync(Silo.Cluster.GatewayPort, bounded.Token);
            await client.Grains.GetGrain<IProviderKeyGrain>(grainKey).SaveAsync(forged).WaitAsync(bounded.Token);
        });

        Assert.NotNull(attempt);
        var stored = await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IProviderKeyGrain>(grainKey).GetAsync();
        Assert.Equal(upstream.BaseUrl, stored!.BaseUrl);
        using var chat = await tenant.Client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = new[] { new { role = "user", content = "hi" } } }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Contains(upstream.Requests, request => request.Headers.Values.Any(value => value.Contains(ProviderSecret, StringComparison.Ordinal)));
        Assert.Empty(attacker.Requests);
    }

    [Fact]
    public async Task ClientWithAnotherSelfSignedCertificate_CannotCallAGrain()
    {
        using var tenant = await TenantSession.CreateAsync(gateway, "transport");
        using var stranger = TestCertificates.SelfSigned("CN=xai-router embedded cluster");

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        bounded.CancelAfter(TimeSpan.FromSeconds(20));
        var attempt = await Record.ExceptionAsync(async () =>
        {
            await using var client = await OrleansTestClient.ConnectWithCertificateAsync(Silo.Cluster.GatewayPort, stranger, bounded.Token);
            await client.Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenant.Id)).GetAsync().WaitAsync(bounded.Token);
        });

        Assert.NotNull(attempt);
    }

    [Fact]
    public async Task ClientCertificateNamingAnIssuerUrl_IsRefusedWithoutTheSiloFetchingIt()
    {
        // A stranger's client certificate whose "CA issuers" URL points at a loopback listener: the handshake must fail
        // without the silo opening a connection there (no request forgery from an unauthenticated TCP peer).
        await using var trap = new IssuerUrlTrap();
        using var authority = TestCertificates.Authority("CN=a stranger's CA");
        using var stranger = TestCertificates.NamingIssuerUrl(authority, "CN=xai-router embedded cluster", trap.Url);

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        bounded.CancelAfter(TimeSpan.FromSeconds(20));
        var attempt = await Record.ExceptionAsync(async () =>
        {
            await using var client = await OrleansTestClient.ConnectWithCertificateOfflineAsync(Silo.Cluster.GatewayPort, stranger, bounded.Token);
            await client.Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant("AAAAAAAAAAAAAAAAAAAAAA")).GetAsync().WaitAsync(bounded.Token);
        });
        Assert.NotNull(attempt);
        Assert.Equal(0, trap.Connections);
    }

    [Fact]
    public async Task ClientWithTheDataDirectoryCredentials_CallsGrains()
    {
        using var tenant = await TenantSession.CreateAsync(gateway, "transport-admin");
        var credentials = ClusterCredentials.FromDataDirectory(gateway.DataPath);

        await using var client = await OrleansTestClient.ConnectAsync(Silo.Cluster.GatewayPort, credentials, Cancellation);
        var read = await client.Grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenant.Id)).GetAsync();

        Assert.Equal("transport-admin", read!.Name);
    }

    [Fact]
    public void EmbeddedMode_OrleansPortsListenOnLoopbackOnly_AndTheCredentialsFileIsOwnerOnly()
    {
        // Resolving the settings starts the host (the factory starts lazily) before the kernel's tables are read.
        var cluster = Silo.Cluster;
        var listening = ListeningAddresses();

        Assert.Equal(["127.0.0.1"], listening[cluster.SiloPort]);
        Assert.Equal(["127.0.0.1"], listening[cluster.GatewayPort]);
        Assert.Equal(OwnerOnlyFiles.FileMode, File.GetUnixFileMode(Path.Combine(gateway.DataPath, ClusterCredentials.GeneratedFileName)));
    }

    /// <summary>Local addresses of listening TCP sockets by port, from the kernel's own tables.</summary>
    private static Dictionary<int, List<string>> ListeningAddresses()
    {
        const string listen = "0A";
        var result = new Dictionary<int, List<string>>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields[3] != listen)
                {
                    continue;
                }

                var (address, port) = (fields[1][..fields[1].IndexOf(':', StringComparison.Ordinal)], int.Parse(fields[1][(fields[1].IndexOf(':', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                var text = address switch
                {
                    "0100007F" => "127.0.0.1",
                    "00000000" => "0.0.0.0",
                    "00000000000000000000000000000000" => "::",
                    "00000000000000000000000001000000" => "::1",
                    _ => address,
                };
                if (!result.TryGetValue(port, out var addresses))
                {
                    result[port] = addresses = [];
                }

                addresses.Add(text);
            }
        }

        return result;
    }
}
