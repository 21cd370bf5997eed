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
    [InlineData("""{"prompt_tokens":5,"completion_tokens":2,"total_tokens":8}""")]
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

        Assert.Equal(new TokenUsage(160, 100, 7, 0), tokens);
        Assert.Null(ReportedUsageCheck.Problem(tokens, requestBytes: 200, maxTokens: 30));
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
