using System.Text.Json;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Translation;

/// <summary>Writes a <see cref="TokenUsage"/> as either format's <c>usage</c> property (issue 17, part C).</summary>
internal static class UsageMapping
{
    public static void WriteOpenAIUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
    }

    public static void WriteAnthropicUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
    }
}
