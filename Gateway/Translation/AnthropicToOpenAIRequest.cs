using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// An Anthropic Messages request as an OpenAI chat completions request (README "Translation", Anthropic client on an
/// OpenAI-format key). Every top-level field is either translated, ignored because it changes nothing the other side
/// can do, or refused naming its JSON path; a field this class does not know is refused too, never dropped.
/// </summary>
internal static class AnthropicToOpenAIRequest
{
    private const string NoEquivalent = "OpenAI's chat completions API has no equivalent of this field, so it cannot be served by this provider key.";

    public static TranslationRefusal? Write(JsonElement root, TranslationContext context, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        var fields = new Fields();
        if (fields.Read(root, context) is { } refused)
        {
            return refused;
        }

        writer.WriteStartObject();
        writer.WriteString("model"u8, context.Model);
        writer.WriteStartArray("messages"u8);
        var refusal = AnthropicMessagesToOpenAI.WriteSystem(fields.System, writer, scratch)
            ?? AnthropicMessagesToOpenAI.WriteMessages(fields.Messages, writer, scratch);
        if (refusal is not null)
        {
            return refusal;
        }

        writer.WriteEndArray();

        // OpenAI's reasoning models refuse max_tokens; other OpenAI-format servers may not know max_completion_tokens.
        writer.WriteNumber(context.UpstreamKind == ProviderKind.OpenAI ? "max_completion_tokens"u8 : "max_tokens"u8, fields.MaxTokens);
        if (!fields.StopSequences.IsAbsent())
        {
            writer.WritePropertyName("stop"u8);
            fields.StopSequences.WriteTo(writer);
        }

        if (context.Stream)
        {
            // Always ask for the usage chunk: the ledger and the client's message_delta need the counts.
            writer.WriteBoolean("stream"u8, true);
            writer.WriteStartObject("stream_options"u8);
            writer.WriteBoolean("include_usage"u8, true);
            writer.WriteEndObject();
        }

        Copy(writer, "temperature"u8, fields.Temperature);
        Copy(writer, "top_p"u8, fields.TopP);
        refusal = AnthropicToolsToOpenAI.Write(fields.Tools, fields.ToolChoice, writer);
        if (refusal is not null)
        {
            return refusal;
        }

        Copy(writer, "user"u8, fields.UserId);
        writer.WriteEndObject();
        return null;
    }

    private static void Copy(Utf8JsonWriter writer, ReadOnlySpan<byte> name, JsonElement value)
    {
        if (!value.IsAbsent())
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
    }

    /// <summary>The top-level fields that are translated, read and checked in one pass before anything is written.</summary>
    private struct Fields
    {
        public JsonElement Messages;
        public JsonElement System;
        public long MaxTokens;
        public JsonElement StopSequences;
        public JsonElement Temperature;
        public JsonElement TopP;
        public JsonElement Tools;
        public JsonElement ToolChoice;
        public JsonElement UserId;

        public TranslationRefusal? Read(JsonElement root, TranslationContext context)
        {
            var maxTokens = default(JsonElement);
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                if (value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (property.NameEquals("model"u8) || property.NameEquals("service_tier"u8) || property.NameEquals("inference_geo"u8)
                    || property.NameEquals("speed"u8) || property.NameEquals("cache_control"u8))
                {
                    // The model is the attempt's; the others are routing hints and prompt caching, which have no effect on the answer.
                }
                else if (property.NameEquals("messages"u8))
                {
                    Messages = value;
                }
                else if (property.NameEquals("max_tokens"u8))
                {
                    maxTokens = value;
                }
                else if (property.NameEquals("system"u8))
                {
                    System = value;
                }
                else if (property.NameEquals("stop_sequences"u8))
                {
                    if (Count(value, JsonValueKind.String) is not { } sequences)
                    {
                        return new("stop_sequences", "Must be an array of strings.");
                    }

                    if (sequences > 4)
                    {
                        return new("stop_sequences", "OpenAI takes at most 4 stop sequences.");
                    }

                    StopSequences = sequences == 0 ? default : value;
                }
                else if (property.NameEquals("stream"u8))
                {
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return new("stream", "Must be true or false.");
                    }

                    context.Stream = value.ValueKind == JsonValueKind.True;
                }
                else if (property.NameEquals("temperature"u8) || property.NameEquals("top_p"u8))
                {
                    if (value.ValueKind != JsonValueKind.Number)
                    {
                        return new(property.Name, "Must be a number.");
                    }

                    if (property.NameEquals("temperature"u8))
                    {
                        Temperature = value;
                    }
                    else
                    {
                        TopP = value;
                    }
                }
                else if (property.NameEquals("tools"u8))
                {
                    Tools = value;
                }
                else if (property.NameEquals("tool_choice"u8))
                {
                    ToolChoice = value;
                }
                else if (property.NameEquals("metadata"u8))
                {
                    UserId = value.Get("user_id"u8);
                    if (UserId.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
                    {
                        return new("metadata.user_id", "Must be a string.");
                    }
                }
                else if (property.NameEquals("thinking"u8))
                {
                    if (!value.Get("type"u8).IsString("disabled"u8))
                    {
                        return new("thinking.type", "Extended thinking has no faithful translation to OpenAI's chat completions API (only {\"type\":\"disabled\"} can be served by this provider key).");
                    }
                }
                else
                {
                    return new(property.Name, property.NameEquals("top_k"u8)
                        ? "OpenAI's chat completions API has no top_k, so it cannot be served by this provider key."
                        : NoEquivalent);
                }
            }

            if (Messages.ValueKind != JsonValueKind.Array)
            {
                return new("messages", "Field required: an array of messages.");
            }

            if (maxTokens.ValueKind != JsonValueKind.Number || !maxTokens.TryGetInt64(out MaxTokens) || MaxTokens < 1)
            {
                return new("max_tokens", maxTokens.IsAbsent() ? "Field required." : "Must be a whole number of at least 1.");
            }

            return null;
        }

        /// <summary>The length of an array whose items are all of <paramref name="kind"/>; null otherwise.</summary>
        private static int? Count(JsonElement array, JsonValueKind kind)
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var count = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != kind)
                {
                    return null;
                }

                count++;
            }

            return count;
        }
    }
}
