namespace XaiRouter.Gateway.Translation;

/// <summary>OpenAI's <c>finish_reason</c> and Anthropic's <c>stop_reason</c>, each into the other (issue 17, part C).</summary>
internal static class StopReasons
{
    public static string ToAnthropic(string? finishReason) => "end_turn";

    public static string ToOpenAI(string? stopReason) => "stop";
}
