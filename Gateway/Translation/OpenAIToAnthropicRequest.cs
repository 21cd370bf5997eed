using System.Text.Json;

namespace XaiRouter.Gateway.Translation;

/// <summary>
/// An OpenAI chat completions request as an Anthropic Messages request (README "Translation", OpenAI client on an
/// <c>anthropic</c> key). Every top-level field is either translated, ignored because it is only a hint or storage, or
/// refused naming its JSON path; a field this class does not know is refused too, never dropped.
/// </summary>
internal static class OpenAIToAnthropicRequest
{
    private const string NoEquivalent = "Anthropic's Messages API has no equivalent of this field, so it cannot be served by this provider key.";

    public static TranslationRefusal? Write(JsonElement root, TranslationContext context, Utf8JsonWriter writer, PooledBufferWriter scratch)
    {
        var fields = new Fields();
        if (fields.Read(root, context) is { } refused)
        {
            return refused;
        }

        writer.WriteStartObject();
        writer.WriteString("model"u8, context.Model);
        writer.WriteNumber("max_tokens"u8, fields.MaxTokens);
        var refusal = OpenAIMessagesToAnthropic.WriteSystem(fields.Messages, writer, out var conversationStart)
            ?? OpenAIMessagesToAnthropic.WriteMessages(fields.Messages, conversationStart, writer, scratch);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!fields.Stop.IsAbsent())
        {
            writer.WriteStartArray("stop_sequences"u8);
            if (fields.Stop.ValueKind == JsonValueKind.String)
            {
                fields.Stop.WriteTo(writer);
            }
            else
            {
                foreach (var sequence in fields.Stop.EnumerateArray())
                {
                    sequence.WriteTo(writer);
                }
            }

            writer.WriteEndArray();
        }

        if (context.Stream)
        {
            writer.WriteBoolean("stream"u8, true);
        }

        Copy(writer, "temperature"u8, fields.Temperature);
        Copy(writer, "top_p"u8, fields.TopP);
        refusal = OpenAIToolsToAnthropic.Write(fields.Tools, fields.ToolChoice, fields.ParallelToolCalls, writer);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!fields.User.IsAbsent())
        {
            writer.WriteStartObject("metadata"u8);
            writer.WritePropertyName("user_id"u8);
            fields.User.WriteTo(writer);
            writer.WriteEndObject();
        }

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
        public long MaxTokens;
        public JsonElement Temperature;
        public JsonElement TopP;
        public JsonElement Stop;
        public JsonElement Tools;
        public JsonElement ToolChoice;
        public JsonElement ParallelToolCalls;
        public JsonElement User;

        public TranslationRefusal? Read(JsonElement root, TranslationContext context)
        {
            JsonElement maxCompletionTokens = default, maxTokens = default, safetyIdentifier = default;
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                if (value.ValueKind == JsonValueKind.Null)
                {
                    // An explicit null is the field's default in OpenAI's API.
                    continue;
                }

                if (property.NameEquals("model"u8) || property.NameEquals("seed"u8) || property.NameEquals("service_tier"u8)
                    || property.NameEquals("store"u8) || property.NameEquals("metadata"u8) || property.NameEquals("prompt_cache_key"u8))
                {
                    // The model is the attempt's; the others are hints or storage and change nothing in the answer.
                }
                else if (property.NameEquals("messages"u8))
                {
                    Messages = value;
                }
                else if (property.NameEquals("max_completion_tokens"u8))
                {
                    maxCompletionTokens = value;
                }
                else if (property.NameEquals("max_tokens"u8))
                {
                    maxTokens = value;
                }
                else if (property.NameEquals("temperature"u8))
                {
                    if (value.ValueKind != JsonValueKind.Number)
                    {
                        return new("temperature", "Must be a number.");
                    }

                    if (!value.TryGetDouble(out var temperature) || temperature > 1)
                    {
                        return new("temperature", "Anthropic's temperature ranges from 0 to 1; a higher value has no faithful translation.");
                    }

                    Temperature = value;
                }
                else if (property.NameEquals("top_p"u8))
                {
                    if (value.ValueKind != JsonValueKind.Number)
                    {
                        return new("top_p", "Must be a number.");
                    }

                    TopP = value;
                }
                else if (property.NameEquals("stop"u8))
                {
                    if (!IsStop(value))
                    {
                        return new("stop", "Must be a string or an array of strings.");
                    }

                    Stop = value;
                }
                else if (property.NameEquals("stream"u8))
                {
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return new("stream", "Must be true or false.");
                    }

                    context.Stream = value.ValueKind == JsonValueKind.True;
                }
                else if (property.NameEquals("stream_options"u8))
                {
                    // Not sent: Anthropic streams always carry usage; it only says whether the client gets the usage chunk.
                    context.ClientWantsUsage = value.Get("include_usage"u8).ValueKind == JsonValueKind.True;
                }
                else if (property.NameEquals("tools"u8))
                {
                    Tools = value;
                }
                else if (property.NameEquals("tool_choice"u8))
                {
                    ToolChoice = value;
                }
                else if (property.NameEquals("parallel_tool_calls"u8))
                {
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return new("parallel_tool_calls", "Must be true or false.");
                    }

                    ParallelToolCalls = value;
                }
                else if (property.NameEquals("user"u8))
                {
                    User = value;
                }
                else if (property.NameEquals("safety_identifier"u8))
                {
                    safetyIdentifier = value;
                }
                else if (RefuseUnlessNeutral(property) is { } refusal)
                {
                    return refusal;
                }
            }

            if (Messages.ValueKind != JsonValueKind.Array)
            {
                return new("messages", "Must be an array of messages.");
            }

            if (!safetyIdentifier.IsAbsent())
            {
                User = safetyIdentifier;
            }

            if (User.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.String))
            {
                return new(safetyIdentifier.IsAbsent() ? "user" : "safety_identifier", "Must be a string.");
            }

            var limit = maxCompletionTokens.IsAbsent() ? maxTokens : maxCompletionTokens;
            if (limit.IsAbsent())
            {
                MaxTokens = context.DefaultMaxTokens;
            }
            else if (limit.ValueKind != JsonValueKind.Number || !limit.TryGetInt64(out MaxTokens) || MaxTokens < 1)
            {
                return new(maxCompletionTokens.IsAbsent() ? "max_tokens" : "max_completion_tokens", "Must be a whole number of at least 1.");
            }

            return null;
        }

        /// <summary>
        /// The remaining fields: accepted when their value is the neutral one (it changes nothing), else refused, as is
        /// any field not named here.
        /// </summary>
        private static TranslationRefusal? RefuseUnlessNeutral(JsonProperty property)
        {
            var value = property.Value;
            var neutral =
                (property.NameEquals("n"u8) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n == 1)
                || ((property.NameEquals("presence_penalty"u8) || property.NameEquals("frequency_penalty"u8))
                    && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var penalty) && penalty == 0)
                || (property.NameEquals("logit_bias"u8) && value.ValueKind == JsonValueKind.Object && !value.EnumerateObject().MoveNext())
                || (property.NameEquals("logprobs"u8) && value.ValueKind == JsonValueKind.False)
                || (property.NameEquals("response_format"u8) && value.Get("type"u8).IsString("text"u8))
                || (property.NameEquals("modalities"u8) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 1 && value[0].IsString("text"u8));
            if (neutral)
            {
                return null;
            }

            var field = property.Name;
            return field switch
            {
                "n" => new(field, "Anthropic answers with one choice; n greater than 1 has no faithful translation."),
                "response_format" => new("response_format.type", "Anthropic's Messages API has no JSON mode; only {\"type\":\"text\"} can be served by this provider key."),
                "function_call" or "functions" => new(field, "Deprecated function calling is not translated; use tools and tool_choice."),
                _ => new(field, NoEquivalent),
            };
        }

        private static bool IsStop(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                return true;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var sequence in value.EnumerateArray())
            {
                if (sequence.ValueKind != JsonValueKind.String)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
