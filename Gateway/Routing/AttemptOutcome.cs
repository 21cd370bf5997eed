using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Routing;

/// <summary>How a request's attempts ended.</summary>
/// <param name="Served">The model and provider key that answered; null when no answer reached the client from an upstream.</param>
/// <param name="Tokens">The tokens the upstream reported, if it answered successfully with usage.</param>
/// <param name="AnswerText">The answer's text when it answered successfully.</param>
/// <param name="FirstByteAt">When the answer's first body byte came (0: none).</param>
internal sealed record AttemptOutcome(PlannedAttempt? Served, TokenUsage? Tokens, Usage.TextSample? AnswerText, long FirstByteAt)
{
    public static readonly AttemptOutcome NotServed = new(null, null, null, 0);
}
