using System.Text;

namespace XaiRouter.Gateway.Forwarding.Tests;

public sealed class ScannedRequestBodyTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadUntilModel_LongBody_ForwardsEveryByteUnchanged()
    {
        var json = """{"messages":[{"role":"user","content":" """ + new string('x', 100_000) + "\"}],\"model\":\"gpt-4o\"}";

        await using var sut = await ScannedRequestBody.ReadUntilModelAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), 1_000_000, Cancellation);
        var forwarded = new MemoryStream();
        await sut.CopyToAsync(forwarded, Cancellation);

        Assert.Equal("gpt-4o", sut.Model);
        Assert.Equal(json, Encoding.UTF8.GetString(forwarded.ToArray()));
    }

    [Fact]
    public async Task ReplaceModel_Alias_IsSplicedIntoTheBody()
    {
        const string json = """{"model":"fast","messages":[]}""";

        await using var sut = await ScannedRequestBody.ReadUntilModelAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), 1000, Cancellation);
        sut.ReplaceModel("gpt-4o-mini");
        var forwarded = new MemoryStream();
        await sut.CopyToAsync(forwarded, Cancellation);

        Assert.Equal("""{"model":"gpt-4o-mini","messages":[]}""", Encoding.UTF8.GetString(forwarded.ToArray()));
    }

    [Fact]
    public async Task ReadAsync_ZeroByteReads_AreNotTheEndOfTheBody()
    {
        var json = """{"model":"gpt-4o","content":" """ + new string('x', 50_000) + "\"}";
        await using var sut = await ScannedRequestBody.ReadUntilModelAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), 1_000_000, Cancellation);
        var forwarded = new MemoryStream();
        var buffer = new byte[4096];

        while (true)
        {
            Assert.Equal(0, await sut.ReadAsync(Memory<byte>.Empty, Cancellation));
            var read = await sut.ReadAsync(buffer, Cancellation);
            if (read == 0)
            {
                break;
            }

            forwarded.Write(buffer, 0, read);
        }

        Assert.Equal(json, Encoding.UTF8.GetString(forwarded.ToArray()));
    }

    [Fact]
    public async Task Forwarding_BodyOverTheLimitAfterTheModel_FailsAsTooLarge()
    {
        var json = """{"model":"gpt-4o","content":" """ + new string('x', 200_000) + "\"}";

        await using var sut = await ScannedRequestBody.ReadUntilModelAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), 65_536, Cancellation);
        await Assert.ThrowsAsync<RequestBodyTooLargeException>(() => sut.CopyToAsync(new MemoryStream(), Cancellation));

        Assert.IsType<RequestBodyTooLargeException>(sut.Failure);
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o","stream":true,"messages":[]}""", """{"model":"gpt-4o","stream":true,"messages":[],"stream_options":{"include_usage":true}}""", true)]
    [InlineData("""{"model":"gpt-4o","stream":false,"messages":[]}""", """{"model":"gpt-4o","stream":false,"messages":[]}""", false)]
    [InlineData("""{"model":"gpt-4o","messages":[]}""", """{"model":"gpt-4o","messages":[]}""", false)]
    [InlineData("""{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":false}}""", """{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":false}}""", false)]
    [InlineData("""{"model":"fast","stream":true} """, """{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true}} """, true)]
    public async Task RequestStreamUsage_SmallBody_AddsTheOptionOnlyToStreamsWithoutOptions(string json, string expected, bool injected)
    {
        await using var sut = await ScannedRequestBody.ReadUntilModelAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), 100_000, Cancellation);
        if (sut.Model == "fast")
        {
            sut.ReplaceModel("gpt-4o-mini");
        }

        sut.RequestStreamUsage();
        var forwarded = new MemoryStream();
        await sut.CopyToAsync(forwarded, Cancellation);

        Assert.Equal(expected, Encoding.UTF8.GetString(forwarded.ToArray()));
        Assert.Equal(injected, sut.UsageInjected);
    }

    [Fact]
    public async Task RequestStreamUsage_EndInALaterChunk_IsAddedBeforeTheClosingBrace()
    {
        var json = """{"model":"gpt-4o","messages":[{"role":"user","content":" """ + new string('x', 70_000) + "\"}],\"stream\":true}";

        await using var sut = await ScannedRequestBody.ReadUntilModelAsync(new SlowStream(Encoding.UTF8.GetBytes(json)), 1_000_000, Cancellation);
        sut.RequestStreamUsage();
        var forwarded = new MemoryStream();
        await sut.CopyToAsync(forwarded, 1000, Cancellation);

        Assert.True(sut.UsageInjected);
        Assert.Equal(json[..^1] + ",\"stream_options\":{\"include_usage\":true}}", Encoding.UTF8.GetString(forwarded.ToArray()));
    }

    /// <summary>Hands out at most 4 KiB per read, as a network does.</summary>
    private sealed class SlowStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 4096)], cancellationToken);
    }
}
