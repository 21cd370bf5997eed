namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// What a newcomer sees when the upstream cannot be reached: the 502 names the cause (DNS, connection refused, TLS)
/// in OpenAI's envelope, and the log has one warning line with that cause, without a stack trace.
/// </summary>
public sealed class UpstreamFailureTests(UpstreamFailureFixture fixture) : IClassFixture<UpstreamFailureFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnresolvableHost_502NamesDns_OneWarningLineWithoutStackTrace()
    {
        const string host = "no-such-host.invalid";

        var (status, message) = await ChatThroughAsync($"http://{host}/v1");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains($"could not resolve host {host}", message, StringComparison.Ordinal);
        Assert.Contains("DNS", message, StringComparison.Ordinal);
        var lines = fixture.Gateway.Logs.Messages.Where(m => m.Contains(host, StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.StartsWith("Warning ", line, StringComparison.Ordinal);
        Assert.Contains("DNS", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", line.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at System.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosedLoopbackPort_502NamesConnectionRefused()
    {
        var port = FreePorts.Next();

        var (status, message) = await ChatThroughAsync($"http://127.0.0.1:{port}/v1");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains($"connection refused by 127.0.0.1:{port}", message, StringComparison.Ordinal);
        var line = Assert.Single(fixture.Gateway.Logs.Messages, m => m.Contains($"127.0.0.1:{port}", StringComparison.Ordinal));
        Assert.Contains("connection refused", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at System.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsToAPlainHttpUpstream_502NamesTls()
    {
        var plain = new Uri(fixture.Upstream.BaseUrl);

        var (status, message) = await ChatThroughAsync($"https://127.0.0.1:{plain.Port}/v1");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("TLS", message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{plain.Port}", message, StringComparison.Ordinal);
    }

    /// <summary>A new tenant whose one provider key serves gpt-4o at <paramref name="baseUrl"/>; one chat request through it.</summary>
    private async Task<(HttpStatusCode Status, string Message)> ChatThroughAsync(string baseUrl)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Gateway, "upstream-failure");
        await tenant.AddProviderKeyAsync(baseUrl, "sk-upstream-failure-test-key", ["gpt-4o"]);

        using var response = await tenant.Client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = Array.Empty<object>() }, Cancellation);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error");
        Assert.Equal("upstream_error", error.GetProperty("code").GetString());
        return (response.StatusCode, error.GetProperty("message").GetString()!);
    }
}
