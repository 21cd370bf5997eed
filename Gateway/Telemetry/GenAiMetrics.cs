using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Routing;
using XaiRouter.Gateway.Usage;

namespace XaiRouter.Gateway.Telemetry;

/// <summary>
/// The router's request metrics on the gateway's meter: the GenAI conventions' client histograms
/// (<c>gen_ai.client.token.usage</c>, <c>gen_ai.client.operation.duration</c>, with their advised buckets) and the
/// time to first token, and the router's own counters and gauges (<c>xai.requests</c>, <c>xai.refusals</c>,
/// <c>xai.failovers</c>, <c>xai.circuit.state</c>, <c>xai.usage.queue_depth</c>). Labels are operation, provider,
/// models and codes; <c>xai.tenant.id</c> only with <c>Telemetry:TenantLabels</c>.
/// </summary>
internal sealed class GenAiMetrics
{
    /// <summary>The convention's advised buckets for <c>gen_ai.client.token.usage</c>.</summary>
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary>The convention's advised buckets for <c>gen_ai.client.operation.duration</c>, in seconds.</summary>
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary>The convention's advised buckets for <c>gen_ai.server.time_to_first_token</c>, in seconds.</summary>
    private static readonly double[] FirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];

    private readonly Histogram<long> _tokens;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _firstToken;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _failovers;
    private readonly bool _tenantLabels;

    /// <summary>The upstreams' model names kept as <c>gen_ai.response.model</c> values (far more than a fleet's real models).</summary>
    private readonly BoundedLabelValues _responseModels = new(MaxResponseModels);

    public const int MaxResponseModels = 100;

    public GenAiMetrics(IMeterFactory meters, IOptions<TelemetryOptions> options, HealthBoard board, UsageReporter reporter)
    {
        _tenantLabels = options.Value.TenantLabels;
        var meter = meters.Create(AdmissionMetrics.MeterName);
        _tokens = meter.CreateHistogram(GenAiNames.TokenUsageMetric, "{token}", "Tokens used by served requests, by type (input, output).",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        _duration = meter.CreateHistogram(GenAiNames.OperationDurationMetric, "s", "Duration of each upstream attempt, to the end of its answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _firstToken = meter.CreateHistogram(GenAiNames.TimeToFirstTokenMetric, "s", "Time from the request's arrival to the upstream's first answer byte.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FirstTokenBuckets });
        _requests = meter.CreateCounter<long>("xai.requests", "{request}", "Requests on /v1, by operation and HTTP status.");
        _refusals = meter.CreateCounter<long>("xai.refusals", "{request}", "Requests the router answered itself with an error, by reason (its error code).");
        _failovers = meter.CreateCounter<long>("xai.failovers", "{attempt}", "Attempts at a further provider key after a failed one.");
        meter.CreateObservableGauge("xai.circuit.state", () => Circuits(board), "{state}",
            "Circuit of each provider key this gateway used: 0 healthy, 1 open, 2 half_open, 3 cooldown, 4 misconfigured.");
        meter.CreateObservableGauge("xai.usage.queue_depth", () => reporter.Pending, "{record}", "Usage records waiting for the tenant ledgers.");
    }

    /// <summary>One upstream attempt ended (<paramref name="errorType"/> set when it failed).</summary>
    public void AttemptEnded(ClientRoute route, string model, ProviderKeyRecord key, TimeSpan elapsed, string? errorType, string? responseModel)
    {
        if (!_duration.Enabled)
        {
            return;
        }

        var tags = Tags(route, key, model, responseModel, key.TenantId);
        if (errorType is not null)
        {
            tags.Add(GenAiNames.ErrorType, errorType);
        }

        _duration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>A further provider key is tried after a failed attempt.</summary>
    public void Failover(ClientRoute route, string tenantId)
    {
        var tags = new TagList { { GenAiNames.OperationName, GenAiNames.Operation(route) } };
        AddTenant(ref tags, tenantId);
        _failovers.Add(1, tags);
    }

    /// <summary>
    /// A <c>/v1</c> request ended: its status, its refusal, and for a served one its tokens and its time to first byte
    /// (<paramref name="firstByte"/>, from its arrival to the upstream's first answer byte, if one came).
    /// </summary>
    public void RequestEnded(ClientRoute route, int status, RequestLogEntry entry, TimeSpan? firstByte)
    {
        var operation = GenAiNames.Operation(route);
        var tags = new TagList { { GenAiNames.OperationName, operation }, { GenAiNames.StatusCode, status } };
        AddTenant(ref tags, entry.TenantId);
        _requests.Add(1, tags);
        if (status >= StatusCodes.Status400BadRequest && !entry.Settled && entry.Attempts == 0)
        {
            var refusal = new TagList { { "reason", entry.Error ?? RefusalRecorder.DefaultError(status) } };
            AddTenant(ref refusal, entry.TenantId);
            _refusals.Add(1, refusal);
        }

        if (entry.ProviderKey is not { } key || entry.Model is not { } model)
        {
            return;
        }

        if (firstByte is { } wait && _firstToken.Enabled)
        {
            _firstToken.Record(wait.TotalSeconds, Tags(route, key, model, entry.ResponseModel, entry.TenantId));
        }

        if (entry.Tokens is { } used && _tokens.Enabled)
        {
            var input = Tags(route, key, model, entry.ResponseModel, entry.TenantId);
            input.Add(GenAiNames.TokenType, "input");
            _tokens.Record(used.Input, input);
            var output = Tags(route, key, model, entry.ResponseModel, entry.TenantId);
            output.Add(GenAiNames.TokenType, "output");
            _tokens.Record(used.Output, output);
        }
    }

    private TagList Tags(ClientRoute route, ProviderKeyRecord key, string model, string? responseModel, string? tenantId)
    {
        var tags = new TagList
        {
            { GenAiNames.OperationName, GenAiNames.Operation(route) },
            { GenAiNames.ProviderName, GenAiNames.Provider(key.Provider) },
            { GenAiNames.RequestModel, model },
        };
        if (responseModel is not null)
        {
            tags.Add(GenAiNames.ResponseModel, _responseModels.Admit(responseModel));
        }

        AddTenant(ref tags, tenantId);
        return tags;
    }

    private void AddTenant(ref TagList tags, string? tenantId)
    {
        if (_tenantLabels && tenantId is not null)
        {
            tags.Add(GenAiNames.TenantId, tenantId);
        }
    }

    private IEnumerable<Measurement<int>> Circuits(HealthBoard board)
    {
        foreach (var (tenantId, providerKeyId, state) in board.Circuits())
        {
            var tags = new TagList { { GenAiNames.ProviderKeyId, providerKeyId } };
            AddTenant(ref tags, tenantId);
            yield return new Measurement<int>((int)state, tags);
        }
    }
}
