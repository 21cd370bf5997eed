using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// Decides what a served request is billed for. The upstream's usage is believed only when it could be true: every
/// count a whole, non-negative number (see <see cref="TokenUsage.Invalid"/>), input within what the request could
/// hold, output within what it allowed. Otherwise, as when no usage came at all, the router's tokenizer estimate is
/// billed and the record is flagged; a refused report is logged as one warning line. Without this check an upstream
/// reporting <c>-1000000</c> tokens refilled budgets, and <c>1e308</c> was billed as nothing.
/// </summary>
internal sealed partial class ReportedUsageCheck(TokenEstimator estimator, ILogger<ReportedUsageCheck> logger)
{
    /// <summary>
    /// Input tokens a request may cost beyond one per byte of its body: one full context window of the largest
    /// current models, which server-side state (<c>previous_response_id</c>, files and images by reference) can add.
    /// </summary>
    public const long ServerSideInput = 2_000_000;

    /// <summary>The most answers one request can ask for (OpenAI's limit on <c>n</c>).</summary>
    public const long MaxChoices = 128;

    /// <summary>Output tokens one answer may have when the request sets no <c>max_tokens</c> (above every current model's limit).</summary>
    public const long MaxOutputPerChoice = 131_072;

    /// <summary>What to bill a served request for.</summary>
    /// <param name="reported">The usage the upstream reported, if any.</param>
    /// <param name="answerText">The answer's text (for an estimate), if the upstream answered.</param>
    /// <param name="body">The request's body: its size and <c>max_tokens</c> bound the counts, its text is estimated.</param>
    /// <param name="who">The request, caller, provider key and model, for the warning.</param>
    public BilledUsage Decide(TokenUsage? reported, TextSample? answerText, ScannedRequestBody body, (string RequestId, string KeyId, string ProviderKeyId, string Model) who)
    {
        if (reported is { } usage)
        {
            if (Problem(usage, body.BytesRead, body.MaxTokens) is not { } problem)
            {
                return new BilledUsage(usage, Estimated: false, Invalid: false);
            }

            LogInvalidUsage(logger, who.RequestId, who.KeyId, who.ProviderKeyId, who.Model, problem);
            return new BilledUsage(Estimate(body, answerText), Estimated: true, Invalid: true);
        }

        return answerText is null ? new BilledUsage(default, false, false) : new BilledUsage(Estimate(body, answerText), Estimated: true, Invalid: false);
    }

    /// <summary>Why <paramref name="usage"/> cannot be true for a request of <paramref name="requestBytes"/>, or null when it can.</summary>
    public static string? Problem(TokenUsage usage, long requestBytes, long? maxTokens)
    {
        if (usage.Invalid)
        {
            return "a count is negative, not a whole number, overflows, or cache reads and writes exceed the input they are part of";
        }

        var maxInput = Math.Max(requestBytes, 0) > long.MaxValue - ServerSideInput ? long.MaxValue : Math.Max(requestBytes, 0) + ServerSideInput;
        if (usage.Input > maxInput || usage.CacheWrite > maxInput)
        {
            return $"{Math.Max(usage.Input, usage.CacheWrite)} input tokens exceed the {maxInput} a {requestBytes}-byte request could cost";
        }

        var perChoice = maxTokens is { } m && m > 0 ? m : MaxOutputPerChoice;
        var maxOutput = perChoice > long.MaxValue / MaxChoices ? long.MaxValue : perChoice * MaxChoices;
        if (usage.Output > maxOutput || usage.Reasoning > maxOutput)
        {
            return $"{Math.Max(usage.Output, usage.Reasoning)} output tokens exceed the {maxOutput} the request allowed";
        }

        return null;
    }

    private TokenUsage Estimate(ScannedRequestBody body, TextSample? answerText) =>
        new(estimator.Estimate(body.Text), 0, answerText is null ? 0 : estimator.Estimate(answerText), 0);

    [LoggerMessage(EventId = EventIds.UpstreamUsageInvalid, EventName = nameof(EventIds.UpstreamUsageInvalid), Level = LogLevel.Warning,
        Message = "Request {RequestId} (key {KeyId}, provider key {ProviderKeyId}, model {Model}): the upstream's usage was refused ({Cause}); billed the router's estimate instead")]
    private static partial void LogInvalidUsage(ILogger logger, string requestId, string keyId, string providerKeyId, string model, string cause);
}
