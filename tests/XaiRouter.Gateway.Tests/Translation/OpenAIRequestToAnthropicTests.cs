using static XaiRouter.Gateway.Translation.Tests.TranslationHarness;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>README "Translation", OpenAI chat request to an Anthropic key: one test per row of the table.</summary>
public sealed class OpenAIRequestToAnthropicTests
{
    private const string Hi = """{"role":"user","content":"Hi"}""";

    [Fact]
    public void PlainChat_IsTheAttemptsModel_WithTheDefaultMaxTokens()
    {
        var body = Request("""{"model":"alias","messages":[{"role":"user","content":"Hi"}]}""", OpenAIClientOnAnthropic(defaultMaxTokens: 777));

        Same("""{"model":"claude-attempt","max_tokens":777,"messages":[{"role":"user","content":"Hi"}]}""", body);
    }

    [Fact]
    public void LeadingSystemAndDeveloperMessages_BecomeSystemBlocksInOrder()
    {
        var body = Request($$$"""
            {"model":"m","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"developer","content":[{"type":"text","text":"Use French."},{"type":"text","text":"No lists."}]},
              {{{Hi}}}]}
            """, OpenAIClientOnAnthropic());

        Same("""[{"type":"text","text":"Be brief."},{"type":"text","text":"Use French."},{"type":"text","text":"No lists."}]""", body["system"]);
        Same($"[{Hi}]", body["messages"]);
    }

    [Fact]
    public void SystemMessage_AfterTheConversationStarted_IsRefusedNamingItsRole()
    {
        var refusal = Refusal($$$"""{"model":"m","messages":[{{{Hi}}},{"role":"system","content":"late"}]}""", OpenAIClientOnAnthropic());

        Assert.Equal("messages[1].role", refusal.Field);
    }

    [Fact]
    public void UserTextParts_BecomeTextBlocks()
    {
        var body = Request("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}""", OpenAIClientOnAnthropic());

        Same("""[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]""", body["messages"]);
    }

    [Fact]
    public void PdfFileData_BecomesADocumentBlock()
    {
        var body = Request("""{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]}]}""", OpenAIClientOnAnthropic());

        Same("""[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}}]""", body["messages"]![0]!["content"]);
    }

    [Theory]
    [InlineData("""{"type":"file","file":{"file_id":"file-1"}}""", "messages[0].content[0].file.file_id")]
    [InlineData("""{"type":"file","file":{"file_data":"data:text/plain;base64,aGk="}}""", "messages[0].content[0].file.file_data")]
    [InlineData("""{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}""", "messages[0].content[0].type")]
    [InlineData("""{"type":"video","video":{}}""", "messages[0].content[0].type")]
    public void UntranslatableUserParts_AreRefusedNamingThem(string part, string field)
    {
        var refusal = Refusal($$$"""{"model":"m","messages":[{"role":"user","content":[{{{part}}}]}]}""", OpenAIClientOnAnthropic());

        Assert.Equal(field, refusal.Field);
    }

    [Fact]
    public void AssistantContent_BecomesTextBlocks()
    {
        var body = Request($$$"""{"model":"m","messages":[{{{Hi}}},{"role":"assistant","content":"Hello"},{"role":"assistant","content":[{"type":"text","text":"again"}]}]}""", OpenAIClientOnAnthropic());

        Same($$$"""[{{{Hi}}},{"role":"assistant","content":[{"type":"text","text":"Hello"}]},{"role":"assistant","content":[{"type":"text","text":"again"}]}]""", body["messages"]);
    }

    [Theory]
    [InlineData("""{"role":"assistant","content":[{"type":"refusal","refusal":"no"}]}""", "messages[1].content[0].type")]
    [InlineData("""{"role":"assistant","content":null,"refusal":"no"}""", "messages[1].refusal")]
    [InlineData("""{"role":"assistant","audio":{"id":"a"}}""", "messages[1].audio")]
    [InlineData("""{"role":"assistant","function_call":{"name":"f","arguments":"{}"}}""", "messages[1].function_call")]
    [InlineData("""{"role":"function","name":"f","content":"x"}""", "messages[1].role")]
    [InlineData("""{"role":"narrator","content":"x"}""", "messages[1].role")]
    public void UntranslatableMessages_AreRefusedNamingThem(string message, string field)
    {
        var refusal = Refusal($$$"""{"model":"m","messages":[{{{Hi}}},{{{message}}}]}""", OpenAIClientOnAnthropic());

        Assert.Equal(field, refusal.Field);
    }

    [Fact]
    public void AssistantToolCalls_BecomeToolUseBlocks_WithParsedInput()
    {
        var body = Request($$$"""
            {"model":"m","messages":[{{{Hi}}},{"role":"assistant","content":"","tool_calls":[
              {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Paris\", \"days\": [1,2]}"}},
              {"id":"call_2","type":"function","function":{"name":"now","arguments":""}}]}]}
            """, OpenAIClientOnAnthropic());

        Same("""
            {"role":"assistant","content":[
              {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris","days":[1,2]}},
              {"type":"tool_use","id":"call_2","name":"now","input":{}}]}
            """, body["messages"]![1]);
    }

    [Theory]
    [InlineData("\"[1,2]\"")]
    [InlineData("\"{\\\"a\\\":\"")]
    [InlineData("\"{} trailing\"")]
    [InlineData("{\"a\":1}")]
    public void ToolCallArguments_NotAJsonObject_AreRefusedNamingThem(string arguments)
    {
        var refusal = Refusal($$$"""{"model":"m","messages":[{{{Hi}}},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":{{{arguments}}}}}]}]}""", OpenAIClientOnAnthropic());

        Assert.Equal("messages[1].tool_calls[0].function.arguments", refusal.Field);
    }

    [Fact]
    public void ConsecutiveToolMessages_BecomeOneUserTurn_ResultsFirst_ThenTheNextUserMessage()
    {
        var body = Request($$$"""
            {"model":"m","messages":[{{{Hi}}},
              {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"c2","type":"function","function":{"name":"g","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"c1","content":"sunny"},
              {"role":"tool","tool_call_id":"c2","content":[{"type":"text","text":"12"},{"type":"text","text":"C"}]},
              {"role":"user","content":"And tomorrow?"},
              {"role":"assistant","content":"Rain."}]}
            """, OpenAIClientOnAnthropic());

        var messages = body["messages"]!.AsArray();
        Assert.Equal(4, messages.Count);
        Same("""
            {"role":"user","content":[
              {"type":"tool_result","tool_use_id":"c1","content":"sunny"},
              {"type":"tool_result","tool_use_id":"c2","content":[{"type":"text","text":"12"},{"type":"text","text":"C"}]},
              {"type":"text","text":"And tomorrow?"}]}
            """, messages[2]);
        Same("""{"role":"assistant","content":[{"type":"text","text":"Rain."}]}""", messages[3]);
    }

    [Fact]
    public void ToolMessage_WithoutACallId_IsRefused()
    {
        var refusal = Refusal($$$"""{"model":"m","messages":[{{{Hi}}},{"role":"tool","content":"x"}]}""", OpenAIClientOnAnthropic());

        Assert.Equal("messages[1].tool_call_id", refusal.Field);
    }

    [Fact]
    public void MessageName_IsIgnored()
    {
        var body = Request("""{"model":"m","messages":[{"role":"user","name":"alice","content":"Hi"}]}""", OpenAIClientOnAnthropic());

        Same($"[{Hi}]", body["messages"]);
    }

    [Theory]
    [InlineData("""{"max_completion_tokens":100}""", 100)]
    [InlineData("""{"max_tokens":50}""", 50)]
    [InlineData("""{"max_tokens":50,"max_completion_tokens":60}""", 60)]
    [InlineData("""{"max_tokens":null}""", 4096)]
    public void MaxTokens_IsTheClientsLimit_OrTheDefault(string limit, long expected)
    {
        var body = Request(limit.Replace("{", """{"model":"m","messages":[{"role":"user","content":"Hi"}],""", StringComparison.Ordinal), OpenAIClientOnAnthropic());

        Assert.Equal(expected, body["max_tokens"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""{"max_tokens":0}""", "max_tokens")]
    [InlineData("""{"max_completion_tokens":1.5}""", "max_completion_tokens")]
    [InlineData("""{"max_tokens":"9"}""", "max_tokens")]
    public void MaxTokens_NotAPositiveWholeNumber_IsRefused(string limit, string field)
    {
        var refusal = Refusal(limit.Replace("{", """{"model":"m","messages":[{"role":"user","content":"Hi"}],""", StringComparison.Ordinal), OpenAIClientOnAnthropic());

        Assert.Equal(field, refusal.Field);
    }

    [Fact]
    public void TemperatureAndTopP_AreSentAsIs()
    {
        var body = Request("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"temperature":0.4,"top_p":0.9}""", OpenAIClientOnAnthropic());

        Assert.Equal(0.4, body["temperature"]!.GetValue<double>());
        Assert.Equal(0.9, body["top_p"]!.GetValue<double>());
    }

    [Fact]
    public void TemperatureAboveOne_IsRefused()
    {
        var refusal = Refusal("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"temperature":1.5}""", OpenAIClientOnAnthropic());

        Assert.Equal("temperature", refusal.Field);
    }

    [Theory]
    [InlineData(""" "temperature":1e400 """, "temperature")]
    [InlineData(""" "presence_penalty":-1e999 """, "presence_penalty")]
    [InlineData(""" "top_p":"high" """, "top_p")]
    public void NumbersOutOfRangeOrNotNumbers_AreRefused_NotThrown(string field, string path)
    {
        var refusal = Refusal($$$"""{"model":"m","messages":[{{{Hi}}}],{{{field}}}}""", OpenAIClientOnAnthropic());

        Assert.Equal(path, refusal.Field);
    }

    [Theory]
    [InlineData("\"END\"", """["END"]""")]
    [InlineData("""["a","b"]""", """["a","b"]""")]
    public void Stop_BecomesStopSequences(string stop, string expected)
    {
        var body = Request($$$"""{"model":"m","messages":[{{{Hi}}}],"stop":{{{stop}}}}""", OpenAIClientOnAnthropic());

        Same(expected, body["stop_sequences"]);
    }

    [Theory]
    [InlineData("""{"stream":true,"stream_options":{"include_usage":true}}""", true, true)]
    [InlineData("""{"stream":true}""", true, false)]
    [InlineData("""{"stream":false,"stream_options":null}""", false, false)]
    public void StreamAndIncludeUsage_SetTheContext_AndOnlyStreamIsSent(string flags, bool stream, bool wantsUsage)
    {
        var context = OpenAIClientOnAnthropic();

        var body = Request(flags.Replace("{", """{"model":"m","messages":[{"role":"user","content":"Hi"}],""", StringComparison.Ordinal), context);

        Assert.Equal(stream, context.Stream);
        Assert.Equal(wantsUsage, context.ClientWantsUsage);
        Assert.Equal(stream, body["stream"]?.GetValue<bool>() ?? false);
        Assert.Null(body["stream_options"]);
    }

    [Fact]
    public void FunctionTools_BecomeCustomTools_StrictIgnored_NoParametersAnEmptySchema()
    {
        var body = Request($$$"""
            {"model":"m","messages":[{{{Hi}}}],"tools":[
              {"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}},
              {"type":"function","function":{"name":"now"}}]}
            """, OpenAIClientOnAnthropic());

        Same("""
            [{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
             {"name":"now","input_schema":{"type":"object","properties":{}}}]
            """, body["tools"]);
    }

    [Fact]
    public void OtherToolTypes_AreRefusedNamingTheType()
    {
        var refusal = Refusal($$$"""{"model":"m","messages":[{{{Hi}}}],"tools":[{"type":"function","function":{"name":"a"}},{"type":"custom","custom":{"name":"b"}}]}""", OpenAIClientOnAnthropic());

        Assert.Equal("tools[1].type", refusal.Field);
    }

    [Theory]
    [InlineData("\"none\"", """{"type":"none"}""")]
    [InlineData("\"auto\"", """{"type":"auto"}""")]
    [InlineData("\"required\"", """{"type":"any"}""")]
    [InlineData("""{"type":"function","function":{"name":"f"}}""", """{"type":"tool","name":"f"}""")]
    public void ToolChoice_IsMapped(string choice, string expected)
    {
        var body = Request($$$"""{"model":"m","messages":[{{{Hi}}}],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{{{choice}}}}""", OpenAIClientOnAnthropic());

        Same(expected, body["tool_choice"]);
    }

    [Theory]
    [InlineData("", """{"type":"auto","disable_parallel_tool_use":true}""")]
    [InlineData(""","tool_choice":"required" """, """{"type":"any","disable_parallel_tool_use":true}""")]
    [InlineData(""","tool_choice":"none" """, """{"type":"none"}""")]
    public void ParallelToolCallsFalse_DisablesParallelToolUse(string choice, string expected)
    {
        var body = Request($$$"""{"model":"m","messages":[{{{Hi}}}],"tools":[{"type":"function","function":{"name":"f"}}],"parallel_tool_calls":false{{{choice}}}}""", OpenAIClientOnAnthropic());

        Same(expected, body["tool_choice"]);
    }

    [Fact]
    public void ParallelToolCallsFalse_WithoutTools_IsIgnored()
    {
        var body = Request($$$"""{"model":"m","messages":[{{{Hi}}}],"parallel_tool_calls":false}""", OpenAIClientOnAnthropic());

        Assert.Null(body["tool_choice"]);
    }

    [Theory]
    [InlineData(""" "user":"u-1"  """, "u-1")]
    [InlineData(""" "safety_identifier":"s-1"  """, "s-1")]
    [InlineData(""" "user":"u-1","safety_identifier":"s-1"  """, "s-1")]
    public void UserAndSafetyIdentifier_BecomeMetadataUserId(string fields, string expected)
    {
        var body = Request($$$"""{"model":"m","messages":[{{{Hi}}}],{{{fields}}}}""", OpenAIClientOnAnthropic());

        Assert.Equal(expected, body["metadata"]!["user_id"]!.GetValue<string>());
    }

    [Fact]
    public void NeutralValues_AndHintFields_AreIgnored()
    {
        var body = Request($$$"""
            {"model":"m","messages":[{{{Hi}}}],"n":1,"response_format":{"type":"text"},"presence_penalty":0,"frequency_penalty":0.0,
             "seed":7,"service_tier":"auto","store":false,"metadata":{"k":"v"},"prompt_cache_key":"p","logprobs":false,
             "logit_bias":{},"modalities":["text"]}
            """, OpenAIClientOnAnthropic());

        Same($$$"""{"model":"claude-attempt","max_tokens":4096,"messages":[{{{Hi}}}]}""", body);
    }

    [Theory]
    [InlineData(""" "n":2 """, "n")]
    [InlineData(""" "response_format":{"type":"json_object"} """, "response_format.type")]
    [InlineData(""" "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{}}} """, "response_format.type")]
    [InlineData(""" "logprobs":true """, "logprobs")]
    [InlineData(""" "top_logprobs":2 """, "top_logprobs")]
    [InlineData(""" "logit_bias":{"50256":-100} """, "logit_bias")]
    [InlineData(""" "prediction":{"type":"content","content":"x"} """, "prediction")]
    [InlineData(""" "modalities":["text","audio"] """, "modalities")]
    [InlineData(""" "audio":{"voice":"alloy","format":"wav"} """, "audio")]
    [InlineData(""" "web_search_options":{} """, "web_search_options")]
    [InlineData(""" "reasoning_effort":"low"  """, "reasoning_effort")]
    [InlineData(""" "verbosity":"low"  """, "verbosity")]
    [InlineData(""" "presence_penalty":0.5 """, "presence_penalty")]
    [InlineData(""" "frequency_penalty":-1 """, "frequency_penalty")]
    [InlineData(""" "functions":[{"name":"f"}] """, "functions")]
    [InlineData(""" "function_call":"auto"  """, "function_call")]
    [InlineData(""" "some_vendor_field":1 """, "some_vendor_field")]
    public void FieldsThatChangeTheOutput_AreRefusedNamingThem(string field, string path)
    {
        var refusal = Refusal($$$"""{"model":"m","messages":[{{{Hi}}}],{{{field}}}}""", OpenAIClientOnAnthropic());

        Assert.Equal(path, refusal.Field);
    }
}
