using System.Globalization;
using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>OpenAI's <c>tools</c>, <c>tool_choice</c> and <c>parallel_tool_calls</c> as Anthropic's <c>tools</c> and <c>tool_choice</c>.</summary>
internal static class OpenAIToolsToAnthropic
{
    public static TranslationRefusal? Write(JsonElement tools, JsonElement toolChoice, JsonElement parallelToolCalls, Utf8JsonWriter writer)
    {
        var hasTools = false;
        if (!tools.IsAbsent())
        {
            if (tools.ValueKind != JsonValueKind.Array)
            {
                return new("tools", "Must be an array of tools.");
            }

            hasTools = tools.GetArrayLength() > 0;
            if (hasTools && WriteTools(tools, writer) is { } refusal)
            {
                return refusal;
            }
        }

        // parallel_tool_calls:false means at most one tool call per answer; it means nothing without tools or with "none".
        var oneCallOnly = hasTools && parallelToolCalls.ValueKind == JsonValueKind.False;
        if (toolChoice.IsAbsent())
        {
            if (oneCallOnly)
            {
                writer.WriteStartObject("tool_choice"u8);
                writer.WriteString("type"u8, "auto"u8);
                writer.WriteBoolean("disable_parallel_tool_use"u8, true);
                writer.WriteEndObject();
            }

            return null;
        }

        ReadOnlySpan<byte> type;
        var name = default(JsonElement);
        if (toolChoice.ValueKind == JsonValueKind.String)
        {
            type = toolChoice.ValueEquals("none"u8) ? "none"u8
                : toolChoice.ValueEquals("auto"u8) ? "auto"u8
                : toolChoice.ValueEquals("required"u8) ? "any"u8
                : default;
            if (type.IsEmpty)
            {
                return new("tool_choice", "Must be none, auto, required or a function.");
            }
        }
        else if (toolChoice.Get("type"u8).IsString("function"u8) && toolChoice.Get("function"u8).Get("name"u8).ValueKind == JsonValueKind.String)
        {
            type = "tool"u8;
            name = toolChoice.Get("function"u8).Get("name"u8);
        }
        else
        {
            return new("tool_choice.type", "Only none, auto, required or one named function can be translated.");
        }

        writer.WriteStartObject("tool_choice"u8);
        writer.WriteString("type"u8, type);
        if (name.ValueKind == JsonValueKind.String)
        {
            writer.WritePropertyName("name"u8);
            name.WriteTo(writer);
        }

        if (oneCallOnly && !type.SequenceEqual("none"u8))
        {
            writer.WriteBoolean("disable_parallel_tool_use"u8, true);
        }

        writer.WriteEndObject();
        return null;
    }

    private static TranslationRefusal? WriteTools(JsonElement tools, Utf8JsonWriter writer)
    {
        writer.WriteStartArray("tools"u8);
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var function = tool.Get("function"u8);
            var name = function.Get("name"u8);
            var parameters = function.Get("parameters"u8);
            if (!tool.Get("type"u8).IsString("function"u8))
            {
                return new(Path(i, "type"), "Only function tools can be translated.");
            }

            if (name.ValueKind != JsonValueKind.String)
            {
                return new(Path(i, "function.name"), "Must be a string.");
            }

            if (!(parameters.IsAbsent() || parameters.ValueKind == JsonValueKind.Object))
            {
                return new(Path(i, "function.parameters"), "Must be a JSON Schema object.");
            }

            writer.WriteStartObject();
            writer.WritePropertyName("name"u8);
            name.WriteTo(writer);
            var description = function.Get("description"u8);
            if (description.ValueKind == JsonValueKind.String)
            {
                writer.WritePropertyName("description"u8);
                description.WriteTo(writer);
            }

            // strict is ignored: Anthropic validates tool input against the schema in its own way.
            writer.WritePropertyName("input_schema"u8);
            if (parameters.ValueKind == JsonValueKind.Object)
            {
                parameters.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "object"u8);
                writer.WriteStartObject("properties"u8);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            i++;
        }

        writer.WriteEndArray();
        return null;
    }

    private static string Path(int i, string rest) => string.Create(CultureInfo.InvariantCulture, $"tools[{i}].{rest}");
}
