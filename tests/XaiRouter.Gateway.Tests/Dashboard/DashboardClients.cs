using Microsoft.AspNetCore.Mvc.Testing;

namespace XaiRouter.Gateway.Dashboard.Tests;

/// <summary>Clients for a Gateway with the dashboard on: no redirects followed and no cookie jar, so each test sees every Set-Cookie.</summary>
internal static class DashboardClients
{
    public const string Root = "/admin/dashboard";

    public static GatewayFactory Create(int failureBurst = 1_000_000) => new()
    {
        Settings = new()
        {
            ["Dashboard:Enabled"] = "true",
            ["Auth:FailureBurst"] = failureBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    /// <summary>A bare client from <paramref name="peer"/> (its own failure budget), over https when asked.</summary>
    public static HttpClient Bare(GatewayFactory factory, string peer, bool https = false)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
        });
        client.DefaultRequestHeaders.Add(TestPeerStartupFilter.Header, peer);
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string token)
    {
        using var form = new FormUrlEncodedContent([new("token", token)]);
        return await client.PostAsync(Root + "/sign-in", form, TestContext.Current.CancellationToken);
    }

    /// <summary>Signs in with the operator token and returns the cookie pair (<c>name=value</c>) to send back.</summary>
    public static async Task<string> SessionCookieAsync(GatewayFactory factory, HttpClient client)
    {
        using var answer = await SignInAsync(client, factory.OperatorToken);
        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        return answer.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    public static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
    /// <summary>
    /// <c>DashboardCounters</c> once it lists at least <paramref name="count"/> silos (30 s at most): the dashboard grain
    /// refreshes its counters at most once a second, so its first answers after a start may list none yet.
    /// </summary>
    public static async Task<(string Answer, List<string> Silos)> CountersWithSilosAsync(HttpClient client, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var answer = await client.GetStringAsync(Root + "/DashboardCounters", TestContext.Current.CancellationToken);
            List<string> silos = [.. System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("hosts").EnumerateArray()
                .Select(h => h.GetProperty("siloAddress").GetString()!)];
            if (silos.Count >= count || DateTime.UtcNow > deadline)
            {
                return (answer, silos);
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
