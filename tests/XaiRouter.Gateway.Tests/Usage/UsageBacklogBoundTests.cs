using System.ClientModel;
using OpenAI.Chat;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>
/// Review of issue 16 (memory during a database outage): usage records queued without limit while the ledger was
/// unreachable. At <c>Usage:MaxPendingRecords</c> unacknowledged records, new requests are refused before anything is
/// forwarded (503 <c>usage_ledger_unavailable</c>, <c>Retry-After</c>) until the backlog drains below 90% of it, and
/// the backlog itself is kept and written once the ledger is back.
/// </summary>
[Collection(LedgerGuardCollection.Name)]
public sealed class UsageBacklogBoundTests(LedgerGuardFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FullBacklog_RefusesRequestsWith503_ThroughTheSdk_ThenServesAgainOnceItDrains()
    {
        var chat = fixture.Sdk().GetChatClient(LedgerGuardFixture.Model);
        await chat.CompleteChatAsync([new UserChatMessage("before")], cancellationToken: Cancellation);
        var reporter = fixture.Reporter;
        var backlogTenant = $"backlog-{Guid.NewGuid():N}";
        var at = DateTimeOffset.UtcNow;

        fixture.Ledgers.Down = true;
        var backlog = 0;
        while (reporter.Pending < LedgerGuardFixture.MaxPending)
        {
            reporter.Report(ReporterTests.Record(backlogTenant, $"req-{backlog++}", at));
        }

        Assert.True(reporter.IsFull);
        var upstreamBefore = fixture.Upstream.Requests.Count;
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("during")], cancellationToken: Cancellation));
        Assert.Equal(503, refused.Status);
        using var raw = await fixture.Tenant.Client.PostAsJsonAsync(
            new Uri(fixture.GatewayAddress, "/v1/chat/completions"), new { model = LedgerGuardFixture.Model, messages = new[] { new { role = "user", content = "raw" } } },
            Cancellation);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, raw.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), raw.Headers.RetryAfter?.Delta);
        var error = (await raw.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error");
        Assert.Equal("usage_ledger_unavailable", error.GetProperty("code").GetString());
        Assert.Equal("usage_ledger_unavailable", error.GetProperty("type").GetString());
        Assert.Equal(upstreamBefore, fixture.Upstream.Requests.Count);

        fixture.Ledgers.Down = false;
        await ReporterTests.WaitUntilAsync(() => !reporter.IsFull);
        await chat.CompleteChatAsync([new UserChatMessage("after")], cancellationToken: Cancellation);
        await ReporterTests.WaitUntilAsync(() => reporter.Pending == 0);

        // Nothing of the backlog was lost; the outage was one warning, not one per refused request.
        Assert.Equal(backlog, await ReporterTests.LedgerRequestsAsync(fixture.Grains, backlogTenant));
        Assert.Single(fixture.Gateway.Logs.Messages, line => line.Contains($"[{EventIds.UsageBacklogFull}]", StringComparison.Ordinal));
        Assert.Single(fixture.Gateway.Logs.Messages, line => line.Contains($"[{EventIds.UsageBacklogDrained}]", StringComparison.Ordinal));
    }
}
