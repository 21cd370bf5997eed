using System.Text;
using BenchmarkDotNet.Attributes;
using XaiRouter.Gateway.Translation;
using XaiRouter.Grains.Abstractions.ProviderKeys;

namespace XaiRouter.Benchmarks;

/// <summary>
/// Request and answer translation between OpenAI chat and Anthropic Messages, non-streamed: a chat of about 1 KB with
/// a system prompt, one tool, one tool call and its result, and the answers that carry a tool call and usage. Each
/// operation is one whole document, into a pooled writer that is reset (so the figures are the translation's own).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TranslationBenchmarks
{
    private static readonly string Prose = "Please answer briefly and cite the source of every figure you give. " +
        "Temperatures are in Celsius and wind speeds in km/h; say when a forecast is older than an hour. ";

    private readonly byte[] _openAIRequest = Encoding.UTF8.GetBytes($$$$"""
        {"model":"claude-sonnet-4-5","max_completion_tokens":512,"temperature":0.3,"user":"user-1234",
         "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather and a short forecast for a city.",
           "parameters":{"type":"object","properties":{"city":{"type":"string","description":"City name"},"days":{"type":"integer"}},"required":["city"]}}}],
         "messages":[{"role":"system","content":"You are a weather assistant. {{{{Prose}}}}"},
           {"role":"user","content":"What is the weather in Paris today, and will it rain tomorrow? {{{{Prose}}}}"},
           {"role":"assistant","content":null,"tool_calls":[{"id":"call_abc123","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\",\"days\":2}"}}]},
           {"role":"tool","tool_call_id":"call_abc123","content":"{\"today\":{\"temp\":14,\"sky\":\"cloudy\"},\"tomorrow\":{\"temp\":12,\"rain\":0.8}}"}]}
        """);

    private readonly byte[] _anthropicRequest = Encoding.UTF8.GetBytes($$$$"""
        {"model":"gpt-4o","max_tokens":512,"temperature":0.3,"metadata":{"user_id":"user-1234"},
         "system":"You are a weather assistant. {{{{Prose}}}}",
         "tools":[{"name":"get_weather","description":"Current weather and a short forecast for a city.",
           "input_schema":{"type":"object","properties":{"city":{"type":"string","description":"City name"},"days":{"type":"integer"}},"required":["city"]}}],
         "messages":[{"role":"user","content":"What is the weather in Paris today, and will it rain tomorrow? {{{{Prose}}}}"},
           {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01abc","name":"get_weather","input":{"city":"Paris","days":2}}]},
           {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01abc","content":"{\"today\":{\"temp\":14,\"sky\":\"cloudy\"},\"tomorrow\":{\"temp\":12,\"rain\":0.8}}"}]}]}
        """);

    private readonly byte[] _anthropicAnswer = Encoding.UTF8.GetBytes($$$$"""
        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Today Paris is cloudy at 14 °C. Tomorrow rain is likely (80 %), around 12 °C. {{{{Prose}}}}"},
           {"type":"tool_use","id":"toolu_01def","name":"get_weather","input":{"city":"Lyon","days":1}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":412,"cache_creation_input_tokens":0,"cache_read_input_tokens":128,"output_tokens":61,"service_tier":"standard"}}
        """);

    private readonly byte[] _openAIAnswer = Encoding.UTF8.GetBytes($$$$"""
        {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Today Paris is cloudy at 14 °C. Tomorrow rain is likely (80 %), around 12 °C. {{{{Prose}}}}","refusal":null,
           "tool_calls":[{"id":"call_def456","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Lyon\",\"days\":1}"}}]},
           "logprobs":null,"finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":540,"completion_tokens":61,"total_tokens":601,"prompt_tokens_details":{"cached_tokens":128},"completion_tokens_details":{"reasoning_tokens":0}},
         "system_fingerprint":"fp_f9f4fb6dbf"}
        """);

    private readonly PooledBufferWriter _output = new(4096);

    private static TranslationContext OpenAIClient() => new()
    {
        Client = WireFormat.OpenAIChat,
        Upstream = WireFormat.AnthropicMessages,
        UpstreamKind = ProviderKind.Anthropic,
        Model = "claude-sonnet-4-5",
        DefaultMaxTokens = 4096,
        Time = TimeProvider.System,
    };

    private static TranslationContext AnthropicClient() => new()
    {
        Client = WireFormat.AnthropicMessages,
        Upstream = WireFormat.OpenAIChat,
        UpstreamKind = ProviderKind.OpenAI,
        Model = "gpt-4o",
        DefaultMaxTokens = 4096,
        Time = TimeProvider.System,
    };

    private readonly TranslationContext _openAIClient = OpenAIClient();

    private readonly TranslationContext _anthropicClient = AnthropicClient();

    [Benchmark(Description = "OpenAI chat request (1 KB, tool + tool result) to Anthropic")]
    public int OpenAIRequestToAnthropic()
    {
        _output.Reset();
        return RequestTranslation.Translate(_openAIRequest, _openAIClient, _output) is null ? _output.WrittenCount : -1;
    }

    [Benchmark(Description = "Anthropic messages request (1 KB, tool + tool result) to OpenAI")]
    public int AnthropicRequestToOpenAI()
    {
        _output.Reset();
        return RequestTranslation.Translate(_anthropicRequest, _anthropicClient, _output) is null ? _output.WrittenCount : -1;
    }

    [Benchmark(Description = "Anthropic answer (text + tool_use) to OpenAI")]
    public int AnthropicAnswerToOpenAI()
    {
        _output.Reset();
        return AnswerTranslation.TranslateJson(_anthropicAnswer, _openAIClient, _output) ? _output.WrittenCount : -1;
    }

    [Benchmark(Description = "OpenAI answer (text + tool call) to Anthropic")]
    public int OpenAIAnswerToAnthropic()
    {
        _output.Reset();
        return AnswerTranslation.TranslateJson(_openAIAnswer, _anthropicClient, _output) ? _output.WrittenCount : -1;
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    /// <summary>
    /// <c>translation-cpu [calls]</c>: CPU time of this process and bytes allocated per call, each benchmark in turn
    /// (robust on a busy machine, where BenchmarkDotNet's wall times are not).
    /// </summary>
    public static int RunCpu(string[] args)
    {
        var calls = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var bench = new TranslationBenchmarks();
        foreach (var (name, run) in new (string, Func<int>)[]
        {
            (nameof(OpenAIRequestToAnthropic), bench.OpenAIRequestToAnthropic), (nameof(AnthropicRequestToOpenAI), bench.AnthropicRequestToOpenAI),
            (nameof(AnthropicAnswerToOpenAI), bench.AnthropicAnswerToOpenAI), (nameof(OpenAIAnswerToAnthropic), bench.OpenAIAnswerToAnthropic),
        })
        {
            for (var i = 0; i < 20_000; i++)
            {
                run();
            }

            var process = System.Diagnostics.Process.GetCurrentProcess();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
            var written = 0;
            for (var i = 0; i < calls; i++)
            {
                written = run();
            }

            process.Refresh();
            var ns = (process.TotalProcessorTime - cpuBefore).TotalNanoseconds / calls;
            var bytes = (GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / (double)calls;
            Console.WriteLine(FormattableString.Invariant($"TranslationBenchmarks.{name}: {ns:F0} ns CPU and {bytes:F0} B per call ({written} B out, {calls} calls)"));
        }

        bench.Cleanup();
        return 0;
    }
}
