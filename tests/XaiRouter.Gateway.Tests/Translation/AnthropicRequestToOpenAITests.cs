using static XaiRouter.Gateway.Translation.Tests.TranslationHarness;

namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>README "Translation", Anthropic Messages request to an OpenAI-format key: one test per row of the table.</summary>
public sealed class AnthropicRequestToOpenAITests
{
    private const string Hi = """{"role":"user","content":"Hi"}""";

    private static string With(string fields) => $$$"""{"model":"claude-x","max_tokens":64,"messages":[{{{Hi}}}]{{{(fields.Length > 0 ? "," : "")}}}{{{fields}}}}""";

    [Fact]
    public void PlainMessages_IsTheAttemptsModel()
    {
        var body = Request(With(""), AnthropicClientOn());

        Same($$$"""{"model":"gpt-attempt","messages":[{{{Hi}}}],"max_tokens":64}""", body);
    }

    [Theory]
    [InlineData(ProviderKind.OpenAI, "max_completion_tokens")]
    [InlineData(ProviderKind.OpenAICompatible, "max_tokens")]
    [InlineData(ProviderKind.AzureOpenAI, "max_tokens")]
    [InlineData(ProviderKind.Gemini, "max_tokens")]
    public void MaxTokens_IsNamedForTheKind(ProviderKind kind, string name)
    {
        var body = Request(With(""), AnthropicClientOn(kind));

        Assert.Equal(64, body[name]!.GetValue<long>());
        Assert.Single(body.AsObject(), p => p.Key.StartsWith("max_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"model":"c","messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("""{"model":"c","max_tokens":0,"messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("""{"model":"c","max_tokens":"64","messages":[{"role":"user","content":"Hi"}]}""")]
    public void MaxTokens_MissingOrInvalid_IsRefused(string request)
    {
        Assert.Equal("max_tokens", Refusal(request, AnthropicClientOn()).Field);
    }

    [Fact]
    public void SystemString_BecomesTheFirstMessage()
    {
        var body = Request(With(""" "system":"Be brief."  """), AnthropicClientOn());

        Same($$$"""[{"role":"system","content":"Be brief."},{{{Hi}}}]""", body["messages"]);
    }

    [Fact]
    public void SystemBlocks_AreJoined_CacheControlIgnored()
    {
        var body = Request(With(""" "system":[{"type":"text","text":"Be brief."},{"type":"text","text":"Use \"French\".","cache_control":{"type":"ephemeral"}}] """), AnthropicClientOn());

        Same("""{"role":"system","content":"Be brief.\n\nUse \"French\"."}""", body["messages"]![0]);
    }

    [Fact]
    public void SystemBlock_NotText_IsRefused()
    {
        Assert.Equal("system[0].type", Refusal(With(""" "system":[{"type":"image","source":{}}] """), AnthropicClientOn()).Field);
    }

    [Fact]
    public void UserTextBlocks_OneBecomesAString_SeveralStayParts()
    {
        var body = Request("""
            {"model":"c","max_tokens":5,"messages":[
              {"role":"user","content":[{"type":"text","text":"one","cache_control":{"type":"ephemeral"}}]},
              {"role":"assistant","content":"ok"},
              {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}
            """, AnthropicClientOn());

        Same("""
            [{"role":"user","content":"one"},{"role":"assistant","content":"ok"},
             {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]
            """, body["messages"]);
    }

    [Fact]
    public void PdfDocument_BecomesAFilePart()
    {
        var body = Request("""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}},{"type":"text","text":"Summarise"}]}]}""", AnthropicClientOn());

        Same("""
            [{"type":"file","file":{"filename":"document.pdf","file_data":"data:application/pdf;base64,JVBERi0="}},{"type":"text","text":"Summarise"}]
            """, body["messages"]![0]!["content"]);
    }

    [Theory]
    [InlineData("""{"type":"document","source":{"type":"text","media_type":"text/plain","data":"hi"}}""", "messages[0].content[0].source.type")]
    [InlineData("""{"type":"document","source":{"type":"url","url":"https://x/a.pdf"}}""", "messages[0].content[0].source.type")]
    [InlineData("""{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JV"},"citations":{"enabled":true}}""", "messages[0].content[0].citations")]
    [InlineData("""{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JV"},"title":"Report"}""", "messages[0].content[0].title")]
    [InlineData("""{"type":"text","text":"x","citations":[{"type":"char_location"}]}""", "messages[0].content[0].citations")]
    [InlineData("""{"type":"search_result","source":"s","title":"t","content":[]}""", "messages[0].content[0].type")]
    public void UntranslatableUserBlocks_AreRefusedNamingThem(string block, string field)
    {
        var refusal = Refusal($$$"""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":[{{{block}}},{"type":"text","text":"and"}]}]}""", AnthropicClientOn());

        Assert.Equal(field, refusal.Field);
    }

    [Fact]
    public void ToolResults_BecomeToolMessages_BeforeTheRestOfTheTurn()
    {
        var body = Request("""
            {"model":"c","max_tokens":5,"messages":[
              {"role":"user","content":"Weather?"},
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"w","input":{"city":"Paris"}},{"type":"tool_use","id":"toolu_2","name":"w","input":{"city":"Rome"}}]},
              {"role":"user","content":[
                {"type":"text","text":"Here:"},
                {"type":"tool_result","tool_use_id":"toolu_1","content":"sunny"},
                {"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"rain"},{"type":"text","text":"wind"}],"is_error":true}]}]}
            """, AnthropicClientOn());

        Same("""
            [{"role":"user","content":"Weather?"},
             {"role":"assistant","content":null,"tool_calls":[
               {"id":"toolu_1","type":"function","function":{"name":"w","arguments":"{\"city\":\"Paris\"}"}},
               {"id":"toolu_2","type":"function","function":{"name":"w","arguments":"{\"city\":\"Rome\"}"}}]},
             {"role":"tool","tool_call_id":"toolu_1","content":"sunny"},
             {"role":"tool","tool_call_id":"toolu_2","content":"rain\n\nwind"},
             {"role":"user","content":"Here:"}]
            """, body["messages"]);
    }

    [Fact]
    public void ToolResult_WithAnImage_IsRefused()
    {
        var refusal = Refusal("""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"x"},{"type":"image","source":{"type":"url","url":"https://x/a.png"}}]}]}]}""", AnthropicClientOn());

        Assert.Equal("messages[0].content[0].content[1].type", refusal.Field);
    }

    [Fact]
    public void AssistantText_IsJoined_ThinkingDropped()
    {
        var body = Request("""
            {"model":"c","max_tokens":5,"messages":[{"role":"user","content":"Hi"},
              {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"EqQB"},{"type":"text","text":"Hel"},{"type":"redacted_thinking","data":"xx"},{"type":"text","text":"lo"}]}]}
            """, AnthropicClientOn());

        Same("""{"role":"assistant","content":"Hello"}""", body["messages"]![1]);
    }

    [Fact]
    public void AssistantToolUse_WithText_KeepsBoth_ArgumentsAreCompactJson()
    {
        var body = Request("""
            {"model":"c","max_tokens":5,"messages":[{"role":"user","content":"Hi"},
              {"role":"assistant","content":[{"type":"text","text":"Let me look."},{"type":"tool_use","id":"toolu_1","name":"w","input":{ "city" : "Zürich", "n" : [ 1 ] }}]}]}
            """, AnthropicClientOn());

        Same("""{"role":"assistant","content":"Let me look.","tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"w","arguments":"{\"city\":\"Zürich\",\"n\":[1]}"}}]}""", body["messages"]![1]);
    }

    [Theory]
    [InlineData("""{"type":"server_tool_use","id":"s","name":"web_search","input":{}}""")]
    [InlineData("""{"type":"web_search_tool_result","tool_use_id":"s","content":[]}""")]
    public void ServerToolBlocks_AreRefused(string block)
    {
        var refusal = Refusal($$$"""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":[{{{block}}}]}]}""", AnthropicClientOn());

        Assert.Equal("messages[1].content[0].type", refusal.Field);
    }

    [Fact]
    public void StopSequences_BecomeStop()
    {
        Same("""["a","b"]""", Request(With(""" "stop_sequences":["a","b"] """), AnthropicClientOn())["stop"]);
    }

    [Fact]
    public void MoreThanFourStopSequences_AreRefused()
    {
        Assert.Equal("stop_sequences", Refusal(With(""" "stop_sequences":["a","b","c","d","e"] """), AnthropicClientOn()).Field);
    }

    [Fact]
    public void TemperatureAndTopP_AreSentAsIs()
    {
        var body = Request(With(""" "temperature":0.2,"top_p":0.5 """), AnthropicClientOn());

        Assert.Equal(0.2, body["temperature"]!.GetValue<double>());
        Assert.Equal(0.5, body["top_p"]!.GetValue<double>());
    }

    [Fact]
    public void Stream_AlwaysAsksForTheUsageChunk()
    {
        var context = AnthropicClientOn();

        var body = Request(With(""" "stream":true """), context);

        Assert.True(context.Stream);
        Assert.True(body["stream"]!.GetValue<bool>());
        Same("""{"include_usage":true}""", body["stream_options"]);
    }

    [Fact]
    public void CustomTools_BecomeFunctionTools_CacheControlIgnored()
    {
        var body = Request(With(""" "tools":[{"name":"w","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}},"cache_control":{"type":"ephemeral"}},{"type":"custom","name":"n","input_schema":{"type":"object"}}] """), AnthropicClientOn());

        Same("""
            [{"type":"function","function":{"name":"w","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},
             {"type":"function","function":{"name":"n","parameters":{"type":"object"}}}]
            """, body["tools"]);
    }

    [Theory]
    [InlineData("""{"type":"web_search_20250305","name":"web_search"}""", "tools[0].type")]
    [InlineData("""{"type":"bash_20250124","name":"bash"}""", "tools[0].type")]
    [InlineData("""{"name":"w","input_schema":{"type":"object"},"input_examples":[{}]}""", "tools[0].input_examples")]
    [InlineData("""{"name":"w"}""", "tools[0].input_schema")]
    public void UntranslatableTools_AreRefusedNamingThem(string tool, string field)
    {
        Assert.Equal(field, Refusal(With($$$""" "tools":[{{{tool}}}] """), AnthropicClientOn()).Field);
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", "\"auto\"", null)]
    [InlineData("""{"type":"any"}""", "\"required\"", null)]
    [InlineData("""{"type":"none"}""", "\"none\"", null)]
    [InlineData("""{"type":"tool","name":"w"}""", """{"type":"function","function":{"name":"w"}}""", null)]
    [InlineData("""{"type":"auto","disable_parallel_tool_use":true}""", "\"auto\"", false)]
    [InlineData("""{"type":"none","disable_parallel_tool_use":true}""", "\"none\"", null)]
    public void ToolChoice_IsMapped(string choice, string expected, bool? parallel)
    {
        var body = Request(With($$$""" "tools":[{"name":"w","input_schema":{"type":"object"}}],"tool_choice":{{{choice}}} """), AnthropicClientOn());

        Same(expected, body["tool_choice"]);
        Assert.Equal(parallel, body["parallel_tool_calls"]?.GetValue<bool>());
    }

    [Fact]
    public void MetadataUserId_BecomesUser()
    {
        Assert.Equal("u-1", Request(With(""" "metadata":{"user_id":"u-1"} """), AnthropicClientOn())["user"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(""" "top_k":5 """, "top_k")]
    [InlineData(""" "thinking":{"type":"enabled","budget_tokens":1024} """, "thinking.type")]
    [InlineData(""" "thinking":{"type":"adaptive"} """, "thinking.type")]
    [InlineData(""" "container":"c" """, "container")]
    [InlineData(""" "mcp_servers":[] """, "mcp_servers")]
    [InlineData(""" "context_management":{} """, "context_management")]
    [InlineData(""" "output_config":{} """, "output_config")]
    [InlineData(""" "output_format":{"type":"json_schema"} """, "output_format")]
    [InlineData(""" "some_new_field":true """, "some_new_field")]
    public void FieldsWithoutEquivalent_AreRefusedNamingThem(string field, string path)
    {
        Assert.Equal(path, Refusal(With(field), AnthropicClientOn()).Field);
    }

    [Fact]
    public void IgnoredFields_ChangeNothing()
    {
        var body = Request(With(""" "thinking":{"type":"disabled"},"service_tier":"auto","inference_geo":"us","speed":"fast","cache_control":{"type":"ephemeral"} """), AnthropicClientOn());

        Same($$$"""{"model":"gpt-attempt","messages":[{{{Hi}}}],"max_tokens":64}""", body);
    }
}
