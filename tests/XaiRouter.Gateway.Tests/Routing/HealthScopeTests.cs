using System.Text;
using XaiRouter.Grains.Abstractions.Health;
using XaiRouter.Grains.Health;

namespace XaiRouter.Gateway.Routing.Tests;

/// <summary>Which circuit a failure opens, and how an upstream's error code is read (no server needed).</summary>
public sealed class HealthScopeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void KeyWideFailures_CloseEveryModel_ModelFailures_OnlyTheirModel()
    {
        var perModel = new ProviderKeyHealth();
        var keyWide = new ProviderKeyHealth();
        for (var i = 0; i < ProviderHealthState.FailuresToOpen; i++)
        {
            perModel.Record(new HealthSample(ProviderOutcome.Failure, null, null, Now, "model-a"));
            keyWide.Record(new HealthSample(ProviderOutcome.Failure, null, null, Now));
        }

        Assert.False(perModel.IsAvailable("model-a", Now));
        Assert.True(perModel.IsAvailable("model-b", Now));
        Assert.Equal(CircuitState.Closed, perModel.Snapshot(Now).State);
        Assert.Equal(CircuitState.Open, perModel.Snapshot(Now).Models!["model-a"].State);
        Assert.False(keyWide.IsAvailable("model-a", Now));
        Assert.False(keyWide.IsAvailable("model-b", Now));
        Assert.Null(keyWide.Snapshot(Now).Models);
    }

    [Fact]
    public void AModelsProbe_EndedByAKeyWideFailure_IsGivenBack()
    {
        var health = new ProviderKeyHealth();
        for (var i = 0; i < ProviderHealthState.FailuresToOpen; i++)
        {
            health.Record(new HealthSample(ProviderOutcome.Failure, null, null, Now, "model-a"));
        }

        var later = Now + ProviderHealthState.OpenCooldown;
        Assert.True(health.TryBegin("model-a", later));
        health.End("model-a", new HealthSample(ProviderOutcome.Failure, null, null, later));
        Assert.True(health.TryBegin("model-a", later));
        health.End("model-a", new HealthSample(ProviderOutcome.Success, 12, null, later, "model-a"));

        Assert.Null(health.Snapshot(later).Models);
        Assert.True(health.IsAvailable("model-a", later));
    }

    [Fact]
    public void FailuresOfAModelBeyondTheTrackedOnes_CountKeyWide_RatherThanNowhere()
    {
        // A key serving many models (an aggregator's) has failed once on MaxModels of them: a model failing now has no
        // circuit of its own left, and its failures must still keep requests away from the key.
        var health = new ProviderKeyHealth();
        for (var i = 0; i < ProviderKeyHealth.MaxModels; i++)
        {
            health.Record(new HealthSample(ProviderOutcome.Failure, null, null, Now, "model-" + i));
        }

        for (var i = 0; i < ProviderHealthState.FailuresToOpen; i++)
        {
            health.Record(new HealthSample(ProviderOutcome.Failure, null, null, Now, "one-more-model"));
        }

        Assert.False(health.IsAvailable("one-more-model", Now));
        Assert.True(health.IsAvailable("model-0", Now));
    }

    [Fact]
    public void WhenMaxModelsCircuitsAreOpen_AFurtherModelsFailuresCloseTheKey()
    {
        var health = new ProviderKeyHealth();
        for (var i = 0; i < ProviderKeyHealth.MaxModels; i++)
        {
            for (var j = 0; j < ProviderHealthState.FailuresToOpen; j++)
            {
                health.Record(new HealthSample(ProviderOutcome.Failure, null, null, Now, "model-" + i));
            }
        }

        for (var i = 0; i < ProviderHealthState.FailuresToOpen; i++)
        {
            health.Record(new HealthSample(ProviderOutcome.Failure, null, null, Now, "one-more-model"));
        }

        Assert.False(health.IsAvailable("one-more-model", Now));
        Assert.Equal(CircuitState.Open, health.Snapshot(Now).State);
    }

    [Fact]
    public void Misconfigured_IsReportedOncePerTransition()
    {
        var health = new ProviderKeyHealth();
        var refused = new HealthSample(ProviderOutcome.Misconfigured, null, null, Now);

        Assert.True(health.Record(refused));
        Assert.False(health.Record(refused));
        Assert.True(health.TryBegin("m", Now + ProviderHealthState.MisconfiguredCooldown));
        Assert.True(health.Record(refused with { At = Now + ProviderHealthState.MisconfiguredCooldown }));
    }

    [Fact]
    public void TheClustersModelCircuits_AreMergedIntoAGatewaysView()
    {
        var cluster = new ProviderKeyHealth();
        for (var i = 0; i < ProviderHealthState.FailuresToOpen; i++)
        {
            cluster.Record(new HealthSample(ProviderOutcome.Failure, null, null, Now, "model-a"));
        }

        var gateway = new ProviderKeyHealth();
        gateway.Merge(cluster.Snapshot(Now), Now);

        Assert.False(gateway.IsAvailable("model-a", Now));
        Assert.True(gateway.IsAvailable("model-b", Now));
    }

    [Theory]
    [InlineData("""{"error":{"message":"Incorrect API key provided: sk-****abcd","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""", "invalid_api_key")]
    [InlineData("""{"error":{"message":"OpenAI-Organization header should match","type":"invalid_request_error","code":"mismatched_organization"}}""", "mismatched_organization")]
    [InlineData("""{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""", "authentication_error")]
    [InlineData("""{"error":{"code":401,"message":"API key not valid","status":"UNAUTHENTICATED"}}""", "UNAUTHENTICATED")]
    [InlineData("""{"error":{"message":"quota","type":"insufficient_quota","code":null}}""", "insufficient_quota")]
    [InlineData("""{"code":"Client specified an invalid argument","error":"Incorrect API key provided"}""", "Client_specified_an_invalid_argument")]
    [InlineData("""{"error":{"code":"bad\r\ncode {with} \"quotes\" and a very long tail that goes on and on and on and on"}}""", "bad__code__with___quotes__and_a_very_long_tail_that_goes_on_and_")]
    [InlineData("""not json""", null)]
    [InlineData("""{"error":{"message":"nothing else"}}""", null)]
    [InlineData("""[1,2]""", null)]
    public void ErrorCode_IsReadFromTheKnownShapes_BoundedAndSanitized(string body, string? expected)
    {
        var code = UpstreamErrorBody.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal(expected, code);
        Assert.True(code is null || code.Length <= UpstreamErrorBody.MaxCodeLength);
    }
}
