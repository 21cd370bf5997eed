using static XaiRouter.Gateway.Dashboard.Tests.DashboardClients;

namespace XaiRouter.Gateway.Dashboard.Tests;

/// <summary>
/// Adversarial probes of the dashboard without the operator token: other methods than GET, other spellings of the
/// paths, the log stream and the grain state viewer, with no credential or a bearer that is not the operator's.
/// None may answer with a success or with the dashboard's data.
/// </summary>
public sealed class DashboardMethodProbeTests(DashboardGateway gateway) : IClassFixture<DashboardGateway>
{
    private static readonly string[] Paths =
    [
        Root, Root + "/", Root + "/index.html", Root + "/ClusterStats", Root + "/DashboardCounters", Root + "/Trace", Root + "/Reminders",
        Root + "/GrainState?grainId=x&grainType=y", Root + "/TopGrainMethods", Root + "/GrainTypes", Root + "/version", Root + "/LifecycleStages",
        "/ADMIN/DASHBOARD/ClusterStats", "/admin//dashboard/ClusterStats", Root + "/./ClusterStats", Root + "/%2e/ClusterStats", Root + "/ClusterStats/",
    ];

    private static readonly HttpMethod[] Methods = [HttpMethod.Get, HttpMethod.Head, HttpMethod.Options, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete];

    [Fact]
    public async Task AnonymousOrForeignBearer_AnyMethodAnyPathSpelling_GetsNoSuccess()
    {
        using var client = Bare(gateway.Factory, "192.0.2.77");
        var successes = new List<string>();
        foreach (var bearer in new string?[] { null, "sk-xai-not-the-operator", "" })
        {
            foreach (var method in Methods)
            {
                foreach (var path in Paths)
                {
                    using var request = new HttpRequestMessage(method, path);
                    if (bearer is not null)
                    {
                        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
                    }

                    using var answer = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
                    if ((int)answer.StatusCode < 400 || (int)answer.StatusCode >= 500)
                    {
                        successes.Add($"{method} {path} ({bearer ?? "no bearer"}): {(int)answer.StatusCode}");
                    }
                }
            }
        }

        Assert.Empty(successes);
    }

    [Fact]
    public async Task OperatorsAnswers_AreNotStoredByCaches()
    {
        using var client = Bare(gateway.Factory, "192.0.2.78");
        var cookie = await SessionCookieAsync(gateway.Factory, client);
        foreach (var path in new[] { Root + "/", Root + "/DashboardCounters", Root + "/ClusterStats", Root + "/GrainTypes" })
        {
            using var answer = await GetWithCookieAsync(client, path, cookie);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("no-store", answer.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        }
    }
}
