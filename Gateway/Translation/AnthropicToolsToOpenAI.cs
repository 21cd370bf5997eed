using System.Globalization;
using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>Anthropic's custom <c>tools</c> and <c>tool_choice</c> as OpenAI's function <c>tools</c>, <c>tool_choice</c> and <c>parallel_tool_calls</c>.</summary>
internal static class AnthropicToolsToOpenAI
{
    public static TranslationRefusal? Write(JsonElement tools, JsonElement toolChoice, Utf8JsonWriter writer)
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

        if (toolChoice.IsAbsent())
        {
            return null;
        }

        var type = toolChoice.Get("type"u8);
        var name = toolChoice.Get("name"u8);
        if (type.IsString("auto"u8))
        {
            writer.WriteString("tool_choice"u8, "auto"u8);
        }
        else if (type.IsString("any"u8))
        {
            writer.WriteString("tool_choice"u8, "required"u8);
        }
        else if (type.IsString("none"u8))
        {
            writer.WriteString("tool_choice"u8, "none"u8);
            return null;
        }
        else if (type.IsString("tool"u8) && name.ValueKind == JsonValueKind.String)
        {
            writer.WriteStartObject("tool_choice"u8);
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WritePropertyName("name"u8);
            name.WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        else
        {
            return new("tool_choice.type", "Must be auto, any, none, or tool with a name.");
        }

        if (hasTools && toolChoice.Get("disable_parallel_tool_use"u8).ValueKind == JsonValueKind.True)
        {
            writer.WriteBoolean("parallel_tool_calls"u8, false);
        }

        return null;
    }

    private static TranslationRefusal? WriteTools(JsonElement tools, Utf8JsonWriter writer)
    {
        writer.WriteStartArray("tools"u8);
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            if (Check(tool, i) is { } refusal)
            {
                return refusal;
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WritePropertyName("name"u8);
            tool.Get("name"u8).WriteTo(writer);
            var description = tool.Get("description"u8);
            if (description.ValueKind == JsonValueKind.String)
            {
                writer.WritePropertyName("description"u8);
                description.WriteTo(writer);
            }

            writer.WritePropertyName("parameters"u8);
            tool.Get("input_schema"u8).WriteTo(writer);
            var strict = tool.Get("strict"u8);
            if (strict.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                writer.WriteBoolean("strict"u8, strict.ValueKind == JsonValueKind.True);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            i++;
        }

        writer.WriteEndArray();
        return null;
    }

    /// <summary>A custom tool (no <c>type</c>, or <c>custom</c>) with a name and an input schema, and no field without an equivalent.</summary>
    private static TranslationRefusal? Check(JsonElement tool, int i)
    {
        var type = tool.Get("type"u8);
        if (!(type.IsAbsent() || type.IsString("custom"u8)))
        {
            return new(Path(i, "type"), "Anthropic's server tools have no equivalent in OpenAI's chat completions API; only custom tools can be translated.");
        }

        if (tool.Get("name"u8).ValueKind != JsonValueKind.String)
        {
            return new(Path(i, "name"), "Must be a string.");
        }

        if (tool.Get("input_schema"u8).ValueKind != JsonValueKind.Object)
        {
            return new(Path(i, "input_schema"), "Must be a JSON Schema object.");
        }

        foreach (var property in tool.EnumerateObject())
        {
            // cache_control is ignored (prompt caching); the rest is translated above.
            if (!(property.NameEquals("type"u8) || property.NameEquals("name"u8) || property.NameEquals("description"u8)
                || property.NameEquals("input_schema"u8) || property.NameEquals("strict"u8) || property.NameEquals("cache_control"u8)
                || property.Value.ValueKind == JsonValueKind.Null))
            {
                return new(Path(i, property.Name), "OpenAI's function tools have no equivalent of this field.");
            }
        }

        return null;
    }

    private static string Path(int i, string rest) => string.Create(CultureInfo.InvariantCulture, $"tools[{i}].{rest}");
}
