using System.Diagnostics;

namespace XaiRouter.Gateway.Telemetry.Tests;

/// <summary>
/// The Gateway's spans as an in-memory exporter gets them: one request span and one child per upstream attempt, named
/// and tagged as the OpenTelemetry GenAI semantic conventions say; and the request log line of <c>Logging:Requests</c>.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class GenAiSpanTests(TelemetryFixture fixture)
{
    [Fact]
    public async Task NonStreamedChat_OneRequestSpanWithOneAttemptSpan_NamedAndTaggedByTheConventions()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (_, providerKeyId) = await tenant.AddUpstreamAsync(UpstreamFault.None);

        var traced = await TracedRequests.ChatAsync(fixture, tenant);

        Assert.Equal(HttpStatusCode.OK, traced.Status);
        var request = Assert.IsType<Activity>(traced.Request);
        var attempt = Assert.Single(traced.Attempts);
        Assert.Equal(request.SpanId, attempt.ParentSpanId);
        Assert.Equal(ActivityKind.Server, fixture.AllSpans.Single(s => s.SpanId == request.ParentSpanId).Kind);
        foreach (var span in new[] { request, attempt })
        {
            Assert.Equal("chat gpt-4o", span.DisplayName);
            Assert.Equal("chat", span.Tag("gen_ai.operation.name"));
            Assert.Equal("openai", span.Tag("gen_ai.provider.name"));
            Assert.Equal("gpt-4o", span.Tag("gen_ai.request.model"));
            Assert.Equal("gpt-4o", span.Tag("gen_ai.response.model"));
            Assert.Equal(new[] { "stop" }, span.Tag("gen_ai.response.finish_reasons"));
            Assert.Equal(5L, span.Tag("gen_ai.usage.input_tokens"));
            Assert.Equal(2L, span.Tag("gen_ai.usage.output_tokens"));
            Assert.Equal("127.0.0.1", span.Tag("server.address"));
            Assert.Equal(tenant.Session.Id, span.Tag("xai.tenant.id"));
            Assert.Equal(providerKeyId, span.Tag("xai.provider_key.id"));
            Assert.Equal(1, span.Tag("xai.attempt"));
            Assert.Null(span.Tag("error.type"));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        }

        Assert.Equal(ActivityKind.Client, attempt.Kind);
        // The access key's id (part of the key, not its secret).
        Assert.Contains((string)request.Tag("xai.key.id")!, tenant.Session.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamedChat_SpansCarryTheStreamsUsageFinishReasonAndModel()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (upstream, _) = await tenant.AddUpstreamAsync(UpstreamFault.None);
        upstream.ReleaseStream();

        var traced = await TracedRequests.ChatAsync(fixture, tenant, stream: true);

        Assert.Equal(HttpStatusCode.OK, traced.Status);
        Assert.Contains("data: [DONE]", traced.Body, StringComparison.Ordinal);
        var attempt = Assert.Single(traced.Attempts);
        foreach (var span in new[] { traced.Request!, attempt })
        {
            Assert.Equal("chat gpt-4o", span.DisplayName);
            Assert.Equal("gpt-4o", span.Tag("gen_ai.response.model"));
            Assert.Equal(new[] { "stop" }, span.Tag("gen_ai.response.finish_reasons"));
            Assert.Equal(7L, span.Tag("gen_ai.usage.input_tokens"));
            Assert.Equal(3L, span.Tag("gen_ai.usage.output_tokens"));
        }
    }

    [Fact]
    public async Task FailoverAfter500_TwoAttemptSpansUnderOneRequestSpan()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (_, failingId) = await tenant.AddUpstreamAsync(UpstreamFault.Always500, priority: 0);
        var (_, healthyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 1);

        var traced = await TracedRequests.ChatAsync(fixture, tenant);

        Assert.Equal(HttpStatusCode.OK, traced.Status);
        Assert.Equal(2, traced.Attempts.Count);
        Assert.All(traced.Attempts, a => Assert.Equal(traced.Request!.SpanId, a.ParentSpanId));
        var (first, second) = (traced.Attempts[0], traced.Attempts[1]);
        Assert.Equal((failingId, 1, "500", ActivityStatusCode.Error), (first.Tag("xai.provider_key.id"), first.Tag("xai.attempt"), first.Tag("error.type"), first.Status));
        Assert.Equal(500, first.Tag("http.response.status_code"));
        Assert.Equal((healthyId, 2, null, ActivityStatusCode.Unset), (second.Tag("xai.provider_key.id"), second.Tag("xai.attempt"), second.Tag("error.type"), second.Status));
        var request = traced.Request!;
        Assert.Equal((healthyId, 2), (request.Tag("xai.provider_key.id"), request.Tag("xai.attempt")));
        Assert.Null(request.Tag("error.type"));
    }

    [Fact]
    public async Task FailoverFromAnUnreachableUpstream_TheFirstAttemptSpanNamesTheConnectionFailure()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var unreachable = await tenant.Session.AddProviderKeyAsync($"http://127.0.0.1:{FreePorts.Next()}/v1", "sk-unreachable-" + Guid.NewGuid().ToString("N"), ["gpt-4o"], priority: 0);
        var (_, healthyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 1);

        var traced = await TracedRequests.ChatAsync(fixture, tenant);

        Assert.Equal(HttpStatusCode.OK, traced.Status);
        Assert.Equal(2, traced.Attempts.Count);
        Assert.Equal((unreachable, "connection_refused"), (traced.Attempts[0].Tag("xai.provider_key.id"), traced.Attempts[0].Tag("error.type")));
        Assert.Null(traced.Attempts[0].Tag("http.response.status_code"));
        Assert.Equal(healthyId, traced.Attempts[1].Tag("xai.provider_key.id"));
        Assert.All(traced.Attempts, a => Assert.Equal(traced.Request!.SpanId, a.ParentSpanId));
    }

    [Fact]
    public async Task Embeddings_SpansAreNamedForTheEmbeddingsOperation()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        await tenant.AddUpstreamAsync(UpstreamFault.None, models: ["text-embedding-3-small"]);

        var traced = await TracedRequests.PostAsync(fixture, tenant, "/v1/embeddings", new { model = "text-embedding-3-small", input = "hello" });

        Assert.Equal(HttpStatusCode.OK, traced.Status);
        Assert.Equal("embeddings text-embedding-3-small", traced.Request!.DisplayName);
        Assert.Equal("embeddings", Assert.Single(traced.Attempts).Tag("gen_ai.operation.name"));
        Assert.Equal(3L, traced.Request.Tag("gen_ai.usage.input_tokens"));
    }

    [Fact]
    public async Task RefusedRequest_TheRequestSpanHasTheRefusalAsErrorTypeAndNoAttempt()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        await tenant.AddUpstreamAsync(UpstreamFault.None);

        var traced = await TracedRequests.ChatAsync(fixture, tenant, model: "no-such-model");

        Assert.Equal(HttpStatusCode.NotFound, traced.Status);
        Assert.Empty(traced.Attempts);
        Assert.Equal("chat no-such-model", traced.Request!.DisplayName);
        Assert.Equal(("model_not_found", ActivityStatusCode.Error), (traced.Request.Tag("error.type"), traced.Request.Status));
        Assert.Single(fixture.Gateway.Logs.Messages, m => m.Contains($"Request {traced.RequestId} tenant {tenant.Session.Id} key ", StringComparison.Ordinal)
            && m.Contains(" chat no-such-model provider key -: 404 model_not_found after 0 attempt(s) in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoggingRequests_OneInformationLinePerRequest_WithItsIdsStatusAttemptsAndTimings_AndACircuitChangeLoggedOnce()
    {
        await using var tenant = await fixture.CreateTenantAsync();
        var (_, failingId) = await tenant.AddUpstreamAsync(UpstreamFault.Always500, priority: 0);
        var (_, healthyId) = await tenant.AddUpstreamAsync(UpstreamFault.None, priority: 1);

        var traced = await TracedRequests.ChatAsync(fixture, tenant);
        // Two more failures open the failing key's circuit for the model: logged once, with the ids.
        await TracedRequests.ChatAsync(fixture, tenant);
        await TracedRequests.ChatAsync(fixture, tenant);
        await TracedRequests.ChatAsync(fixture, tenant);

        var circuit = Assert.Single(fixture.Gateway.Logs.Messages, m => m.Contains("[2461]", StringComparison.Ordinal) && m.Contains(failingId, StringComparison.Ordinal));
        Assert.Contains($"Circuit of provider key {failingId} of tenant {tenant.Session.Id} for model gpt-4o changed from healthy to open", circuit, StringComparison.Ordinal);
        var line = Assert.Single(fixture.Gateway.Logs.Messages, m => m.Contains(traced.RequestId, StringComparison.Ordinal) && m.Contains("[2460]", StringComparison.Ordinal));
        Assert.StartsWith("Information XaiRouter.Gateway.Telemetry.RequestTelemetry[2460] Request " + traced.RequestId + " tenant " + tenant.Session.Id + " key ", line, StringComparison.Ordinal);
        Assert.Contains($" chat gpt-4o provider key {healthyId}: 200 ok after 2 attempt(s) in ", line, StringComparison.Ordinal);
        Assert.Matches(@" in \d+ ms, first byte \d+ ms", line);
    }
}
