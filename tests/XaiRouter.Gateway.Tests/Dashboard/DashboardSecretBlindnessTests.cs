using System.Text;
using static XaiRouter.Gateway.Dashboard.Tests.DashboardClients;

namespace XaiRouter.Gateway.Dashboard.Tests;

/// <summary>
/// The dashboard sees the router's grains but none of a tenant's secrets: after vault and proxy traffic with marked
/// provider and access keys, no answer of any dashboard route (every data endpoint, every silo's and grain type's
/// page, the live log stream) holds a marker or the operator token.
/// </summary>
public sealed class DashboardSecretBlindnessTests(DashboardGateway gateway) : IClassFixture<DashboardGateway>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryDashboardAnswer_AfterTenantTraffic_HoldsNoSecret()
    {
        var factory = gateway.Factory;
        await using var upstream = await FakeUpstream.StartAsync();
        using var dashboard = Bare(factory, "198.51.100.1");
        dashboard.DefaultRequestHeaders.Authorization = new("Bearer", factory.OperatorToken);
        var answers = new StringBuilder();

        // The live log stream, read while everything below happens.
        using var traceStop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        traceStop.CancelAfter(TimeSpan.FromMinutes(2));
        using var trace = await dashboard.GetAsync(Root + "/Trace", HttpCompletionOption.ResponseHeadersRead, Cancellation);
        Assert.Equal(HttpStatusCode.OK, trace.StatusCode);
        var traceText = new StringBuilder();
        var signedInSeen = ReadTraceAsync(await trace.Content.ReadAsStreamAsync(Cancellation), traceText, traceStop.Token);

        // The first question turns the grain call profiler on, so the traffic below is profiled.
        answers.Append(await dashboard.GetStringAsync(Root + "/DashboardCounters", Cancellation));

        using var tenant = await TenantSession.CreateAsync(factory, "dashboard-blind");
        var providerKey = $"sk-marker-dashboard-{Guid.NewGuid():N}";
        string[] markers = [tenant.Key, providerKey, factory.OperatorToken];
        await tenant.AddProviderKeyAsync(upstream.BaseUrl, providerKey, ["m-dashboard"]);
        for (var i = 0; i < 3; i++)
        {
            using var chat = await tenant.Client.PostAsJsonAsync("/v1/chat/completions", new { model = "m-dashboard", messages = new[] { new { role = "user", content = "hi" } } }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }

        // A sign-in is logged: once the stream shows it, the stream has carried the traffic's log lines too.
        using (var signIn = await SignInAsync(Bare(factory, "198.51.100.2"), factory.OperatorToken))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        }

        Assert.True(await signedInSeen, "the live log stream never showed the sign-in");

        foreach (var path in new[] { "/", "/version", "/ClusterStats", "/Reminders", "/TopGrainMethods", "/LifecycleStages" })
        {
            answers.Append(await dashboard.GetStringAsync(Root + path, Cancellation));
        }

        var (counters, silos) = await CountersWithSilosAsync(dashboard, 1);
        answers.Append(counters);
        Assert.Single(silos);
        foreach (var silo in silos)
        {
            foreach (var page in new[] { "SiloProperties", "SiloMetadata", "SiloStats", "SiloCounters", "HistoricalStats" })
            {
                answers.Append(await dashboard.GetStringAsync($"{Root}/{page}/{silo}", Cancellation));
            }
        }

        var grainTypesAnswer = await dashboard.GetStringAsync(Root + "/GrainTypes", Cancellation);
        answers.Append(grainTypesAnswer);
        var grainTypes = JsonDocument.Parse(grainTypesAnswer).RootElement.EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Contains(grainTypes, t => t.StartsWith("XaiRouter.Grains.", StringComparison.Ordinal));
        foreach (var grainType in grainTypes)
        {
            answers.Append(await dashboard.GetStringAsync($"{Root}/GrainStats/{Uri.EscapeDataString(grainType)}", Cancellation));
        }

        await traceStop.CancelAsync();
        var everything = answers.Append(traceText).ToString();

        // Positive controls: the answers do describe the router (its grains, the tenant's traffic in the logs).
        Assert.Contains("XaiRouter.Grains.", everything);
        Assert.Contains("signed in to the dashboard", everything);
        Assert.DoesNotContain(markers, m => everything.Contains(m, StringComparison.Ordinal));
    }

    /// <summary>Reads the stream into <paramref name="text"/>; completes true once the sign-in line arrived (reading goes on until stopped).</summary>
    private static Task<bool> ReadTraceAsync(Stream stream, StringBuilder text, CancellationToken stop)
    {
        var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            var buffer = new byte[8192];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, stop)) > 0)
                {
                    lock (text)
                    {
                        text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                        if (text.ToString().Contains("signed in to the dashboard", StringComparison.Ordinal))
                        {
                            seen.TrySetResult(true);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }

            seen.TrySetResult(false);
        }, CancellationToken.None);
        return seen.Task;
    }
}
