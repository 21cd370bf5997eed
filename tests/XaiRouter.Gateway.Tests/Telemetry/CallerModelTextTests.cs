
namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// The caller chooses the <c>model</c> string, which the request span (its name and <c>gen_ai.request.model</c>) and the
/// request log line repeat: a huge one must not be exported whole, and one with line breaks must not forge log lines.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class CallerModelTextTests(TelemetryFixture fixture)
{
    [Fact]
    public async Task HugeModelWithLineBreaks_IsCutAndFlattenedInTheSpanAndTheRequestLogLine()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        await tenant.AddUpstreamAsync(UpstreamFault.None);
        var model = "evil\r\nInformation XaiRouter.Gateway.Telemetry.RequestTelemetry[2460] Request forged tenant victim\u001b[2J\u0085next" + new string('m', 100_000);

        var traced = await TracedRequests.ChatAsync(fixture, tenant, model: model);

        Assert.Equal(HttpStatusCode.NotFound, traced.Status);
        var span = traced.Request!;
        var spanModel = Assert.IsType<string>(span.Tag("gen_ai.request.model"));
        Assert.InRange(spanModel.Length, 1, 256);
        Assert.InRange(span.DisplayName.Length, 1, 300);
        Assert.DoesNotContain(spanModel + span.DisplayName, char.IsControl);
        var line = Assert.Single(fixture.Gateway.Logs.Messages, m => m.Contains($"Request {traced.RequestId} ", StringComparison.Ordinal));
        Assert.DoesNotContain(line.TrimEnd(), char.IsControl);
        Assert.Contains(" chat evil", line, StringComparison.Ordinal);
    }
}
