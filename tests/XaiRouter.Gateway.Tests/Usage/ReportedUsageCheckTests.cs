using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Usage.Tests;

/// <summary>Issue 15, defect 5: which reported counts can be true, read from the upstream's own JSON.</summary>
public sealed class ReportedUsageCheckTests
{
    private static TokenUsage Scan(string usage) => UsageScanner.ScanDocument(System.Text.Encoding.UTF8.GetBytes("""{"usage":""" + usage + "}"))!.Value;

    [Theory]
    [InlineData("""{"prompt_tokens":-1000000,"completion_tokens":5}""")]
    [InlineData("""{"prompt_tokens":1e308,"completion_tokens":1}""")]
    [InlineData("""{"prompt_tokens":5.5,"completion_tokens":1}""")]
    [InlineData("""{"prompt_tokens":99999999999999999999,"completion_tokens":1}""")]
    [InlineData("""{"prompt_tokens":9223372036854775807,"input_tokens":9223372036854775807}""")]
    [InlineData("""{"prompt_tokens":-5,"input_tokens":10}""")]
    [InlineData("""{"prompt_tokens":5,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":6}}""")]
    [InlineData("""{"input_tokens":2,"cache_creation_input_tokens":5,"output_tokens":1,"input_tokens_details":{"cached_tokens":6}}""")]
    public void CountsThatCannotBeTrue_AreRefusedWhateverTheRequest(string usage)
    {
        var tokens = Scan(usage);

        Assert.True(tokens.Invalid);
        Assert.NotNull(ReportedUsageCheck.Problem(tokens, requestBytes: 1_000_000, maxTokens: null));
    }

    [Fact]
    public void AnthropicCacheCounts_AreInputAndTheReadsCachedInput()
    {
        var tokens = Scan("""{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":50,"output_tokens":7}""");

        Assert.Equal(new TokenUsage(160, 100, 7, 0) { CacheWrite = 50 }, tokens);
        Assert.Null(ReportedUsageCheck.Problem(tokens, requestBytes: 200, maxTokens: 30));
    }

    /// <summary>
    /// Issue 17 (§3 risk): Gemini's OpenAI-compatible endpoint (and xAI) leave thinking tokens out of
    /// <c>completion_tokens</c> but count them in <c>total_tokens</c>. The old rule called a total above the parts
    /// impossible and billed the router's estimate instead; the excess is output the provider bills, so it is output
    /// and reasoning. OpenAI's own reports (reasoning inside the completion) are unchanged.
    /// </summary>
    [Theory]
    [InlineData("""{"prompt_tokens":20,"completion_tokens":198,"total_tokens":623}""", 20, 603, 405)]
    [InlineData("""{"prompt_tokens":12,"completion_tokens":1,"total_tokens":1193,"completion_tokens_details":{"reasoning_tokens":1180}}""", 12, 1181, 1180)]
    [InlineData("""{"prompt_tokens":21,"completion_tokens":60,"total_tokens":81,"completion_tokens_details":{"reasoning_tokens":60}}""", 21, 60, 60)]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":105,"total_tokens":115,"completion_tokens_details":{"reasoning_tokens":100}}""", 10, 105, 100)]
    [InlineData("""{"prompt_tokens":5,"completion_tokens":2,"total_tokens":8}""", 5, 3, 1)]
    public void ATotalAboveInputAndOutput_IsUnitemizedOutput_NotAnInvalidReport(string usage, long input, long output, long reasoning)
    {
        var tokens = Scan(usage);

        Assert.Equal(new TokenUsage(input, 0, output, reasoning), tokens);
        Assert.Null(ReportedUsageCheck.Problem(tokens, requestBytes: 1000, maxTokens: null));
        var fields = System.Text.Json.JsonDocument.Parse(usage).RootElement.EnumerateObject()
            .SelectMany(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.Object
                ? p.Value.EnumerateObject().Select(c => (Name: p.Name + "." + c.Name, Value: c.Value.GetInt64()))
                : [(Name: p.Name, Value: p.Value.GetInt64())])
            .ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal(tokens, TokenUsage.FromFields(fields));
    }

    /// <summary>An unitemized excess is output like any other: bounded by what the request allowed.</summary>
    [Fact]
    public void ATotalBeyondTheRequestsMaxTokens_IsRefused()
    {
        var tokens = Scan("""{"prompt_tokens":20,"completion_tokens":10,"total_tokens":5000}""");

        Assert.NotNull(ReportedUsageCheck.Problem(tokens, requestBytes: 1000, maxTokens: 30));
    }

    [Fact]
    public void CacheWrites_AreBoundedLikeInput()
    {
        var writes = new TokenUsage(10, 0, 1, 0) { CacheWrite = 2_000_101 };

        Assert.NotNull(ReportedUsageCheck.Problem(writes, requestBytes: 100, maxTokens: null));
        Assert.Null(ReportedUsageCheck.Problem(writes with { Input = 2_000_100, CacheWrite = 2_000_100 }, requestBytes: 100, maxTokens: null));
    }

    [Theory]
    [InlineData(5, 2, 100, 30L, true)]
    [InlineData(5, 3840, 100, 30L, true)]
    [InlineData(5, 3841, 100, 30L, false)]
    [InlineData(2_000_100, 2, 100, null, true)]
    [InlineData(2_000_101, 2, 100, null, false)]
    [InlineData(5, 16_777_216, 100, null, true)]
    [InlineData(5, 16_777_217, 100, null, false)]
    public void Counts_AreBoundedByTheRequestsSizeAndMaxTokens(long input, long output, long requestBytes, long? maxTokens, bool plausible)
    {
        var problem = ReportedUsageCheck.Problem(new TokenUsage(input, 0, output, 0), requestBytes, maxTokens);

        Assert.Equal(plausible, problem is null);
    }
}
