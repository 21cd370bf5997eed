using System.Text;

namespace XaiRouter.Gateway.Forwarding.Tests;

public sealed class UsageScannerTests
{
    [Theory]
    [InlineData("""{"id":"x","usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7,"prompt_tokens_details":{"cached_tokens":1},"completion_tokens_details":{"reasoning_tokens":4}},"choices":[{"index":9}]}""", 5, 1, 2, 4)]
    [InlineData("""{"output":[{"content":[{"text":"x"}]}],"usage":{"input_tokens":3,"output_tokens":6,"input_tokens_details":{"cached_tokens":2},"output_tokens_details":{"reasoning_tokens":1}}}""", 3, 2, 6, 1)]
    [InlineData("""{"type":"response.completed","response":{"id":"r","usage":{"input_tokens":8,"output_tokens":9}}}""", 8, 0, 9, 0)]
    [InlineData("""{"object":"list","data":[{"embedding":[0.1,2]}],"usage":{"prompt_tokens":3,"total_tokens":3}}""", 3, 0, 0, 0)]
    public void Feed_OneByteAtATime_FindsTheUsage(string json, long input, long cached, long output, long reasoning)
    {
        var sut = new UsageScanner();
        var bytes = Encoding.UTF8.GetBytes(json);

        for (var i = 0; i < bytes.Length; i++)
        {
            sut.Feed(bytes.AsSpan(i, 1), final: false);
        }

        sut.Feed([], final: true);

        Assert.Equal(new TokenUsage(input, cached, output, reasoning), sut.Usage);
    }

    [Theory]
    [InlineData("""{"choices":[],"usage":null}""")]
    [InlineData("""{"model":"x","prompt_tokens":5}""")]
    [InlineData("""not json at all""")]
    public void ScanDocument_NoUsage_ReturnsNull(string json) => Assert.Null(UsageScanner.ScanDocument(Encoding.UTF8.GetBytes(json)));
}
