using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// Request bodies are held in pooled arrays sized from <c>Content-Length</c> (issue 16, item 3): every path gives its
/// array back, cleared where it was written, and a wrong or missing length only costs a copy.
/// </summary>
public sealed class PooledRequestBodyTests
{
    private const string SmallChat = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SmallChatBody_ReadAndForwarded_AllocatesNoBodySizedArray()
    {
        var bytes = Encoding.UTF8.GetBytes(SmallChat);
        var forwarded = new byte[bytes.Length + 1];
        await ReadAndForwardAsync(bytes, forwarded);

        // A MemoryStream completes every read at once, so all of it runs on this thread. The old code allocated a
        // zeroed 16 KiB array per body (growing to 32 KiB).
        var before = GC.GetAllocatedBytesForCurrentThread();
        await ReadAndForwardAsync(bytes, forwarded);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 4096, $"a {bytes.Length}-byte body allocated {allocated} B");
    }

    [Fact]
    public async Task DeclaredLength_IsTheSizeOfTheBuffer()
    {
        var pool = new RecordingArrays();

        await using (var body = await ScannedRequestBody.ReadUntilModelAsync(Source(SmallChat), SmallChat.Length, 1_000_000, new RequestBodyPool(pool), Cancellation))
        {
            await body.ReadToEndAsync(Cancellation);
        }

        // The declared length plus the byte whose absence shows the end: one small array.
        Assert.Equal([SmallChat.Length + 1], pool.RentedSizes);
    }

    public static TheoryData<long?, int> Lengths => new()
    {
        { null, 100 },            // chunked: no length
        { null, 50_000 },         // chunked, larger than the first buffer: grows
        { 10, 5_000 },            // declared too short
        { 1_000_000, 63 },        // declared too long (bounded by the limit)
        { 300_000, 300_000 },     // larger than the first buffer of a known length
    };

    [Theory]
    [MemberData(nameof(Lengths))]
    public async Task AnyDeclaredLength_ForwardsEveryByte_AndReturnsEveryArrayCleared(long? declared, int size)
    {
        var json = Body(size);
        var arrays = new RecordingArrays();
        var pool = new RequestBodyPool(arrays);
        var forwarded = new MemoryStream();

        await using (var body = await ScannedRequestBody.ReadUntilModelAsync(new ChunkedStream(Encoding.UTF8.GetBytes(json), 4096), declared, 1_000_000, pool, Cancellation))
        {
            await body.ReadToEndAsync(Cancellation);
            await body.CopyToAsync(forwarded, Cancellation);
        }

        Assert.Equal(json, Encoding.UTF8.GetString(forwarded.ToArray()));
        Assert.Equal(0, pool.Outstanding);
        arrays.AssertAllReturnedCleared();
    }

    [Fact]
    public async Task FailoverReplay_AliasAndUsageOption_SendsTheSameBodyTwice_AndReturnsEveryArray()
    {
        const string json = """{"model":"fast","stream":true,"messages":[{"role":"user","content":"secret prompt"}]}""";
        var arrays = new RecordingArrays();
        var pool = new RequestBodyPool(arrays);
        string first, second;

        await using (var body = await ScannedRequestBody.ReadUntilModelAsync(Source(json), json.Length, 1_000_000, pool, Cancellation))
        {
            await body.ReadToEndAsync(Cancellation);
            body.RequestStreamUsage();
            body.ReplaceModel("gpt-4o-mini");
            first = await ForwardAsync(body);
            body.Rewind();
            body.ReplaceModel("gpt-4.1");
            body.Rewind();
            second = await ForwardAsync(body);
        }

        Assert.Equal("""{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"secret prompt"}],"stream_options":{"include_usage":true}}""", first);
        Assert.Equal(first.Replace("gpt-4o-mini", "gpt-4.1", StringComparison.Ordinal), second);
        Assert.Equal(0, pool.Outstanding);
        arrays.AssertAllReturnedCleared();
    }

    public static TheoryData<string, Type> Refusals => new()
    {
        { """{"model":"gpt-4o","messages":[}""", typeof(InvalidRequestBodyException) },
        { """{"messages":[{"content":" """ + new string('x', 3000) + "\"}],\"model\":\"gpt-4o\"}", typeof(RequestBodyTooLargeException) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task RefusedBody_ReturnsItsArrayCleared(string json, Type refusal)
    {
        var arrays = new RecordingArrays();
        var pool = new RequestBodyPool(arrays);

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => ScannedRequestBody.ReadUntilModelAsync(new ChunkedStream(Encoding.UTF8.GetBytes(json), 1000), null, 2048, pool, Cancellation));

        Assert.IsType(refusal, thrown);
        Assert.Equal(0, pool.Outstanding);
        arrays.AssertAllReturnedCleared();
    }

    [Fact]
    public async Task ClientGoneMidBody_ReturnsTheArrayCleared_WhatTheFailedReadWroteIncluded()
    {
        var arrays = new RecordingArrays();
        var pool = new RequestBodyPool(arrays);

        await Assert.ThrowsAsync<IOException>(() => ScannedRequestBody.ReadUntilModelAsync(new AbortingStream(Encoding.UTF8.GetBytes("{\"messages\":[{\"content\":\"secret prompt")), null, 50_000, pool, Cancellation));

        Assert.Equal(0, pool.Outstanding);
        arrays.AssertAllReturnedCleared();
    }

    [Fact]
    public async Task ReadAfterDispose_IsRefused_ThePooledArrayIsAnotherRequestsNow()
    {
        var body = await ScannedRequestBody.ReadUntilModelAsync(Source(SmallChat), SmallChat.Length, 1_000_000, new RequestBodyPool(), Cancellation);
        await body.ReadToEndAsync(Cancellation);

        await body.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => _ = await body.ReadAsync(new byte[100], Cancellation));
    }

    private static async Task ReadAndForwardAsync(byte[] json, byte[] forwarded)
    {
        await using var body = await ScannedRequestBody.ReadUntilModelAsync(new MemoryStream(json, writable: false), json.Length, 1_000_000, RequestBodyPool.Shared, Cancellation);
        await body.ReadToEndAsync(Cancellation);
        var total = 0;
        int read;
        while ((read = await body.ReadAsync(forwarded.AsMemory(total), Cancellation)) > 0)
        {
            total += read;
        }
    }

    private static async Task<string> ForwardAsync(ScannedRequestBody body)
    {
        var forwarded = new MemoryStream();
        await body.CopyToAsync(forwarded, Cancellation);
        return Encoding.UTF8.GetString(forwarded.ToArray());
    }

    private static MemoryStream Source(string json) => new(Encoding.UTF8.GetBytes(json), writable: false);

    private static string Body(int size)
    {
        const string head = """{"model":"gpt-4o","messages":[{"role":"user","content":" """;
        return head + new string('x', Math.Max(0, size - head.Length - 4)) + "\"}]}";
    }

    /// <summary>Fresh zeroed arrays; every array returned is kept to check that nothing of the body is left in it.</summary>
    private sealed class RecordingArrays : ArrayPool<byte>
    {
        private readonly ConcurrentQueue<byte[]> _returned = new();

        public ConcurrentQueue<int> RentedSizes { get; } = new();

        public override byte[] Rent(int minimumLength)
        {
            RentedSizes.Enqueue(minimumLength);
            return new byte[minimumLength];
        }

        public override void Return(byte[] array, bool clearArray = false) => _returned.Enqueue(array);

        public void AssertAllReturnedCleared()
        {
            Assert.Equal(RentedSizes.Count, _returned.Count);
            Assert.All(_returned, array => Assert.True(array.AsSpan().IndexOfAnyExcept((byte)0) < 0, "a returned array still holds body bytes"));
        }
    }

    /// <summary>Hands out at most <paramref name="chunk"/> bytes per read, as a network does.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    /// <summary>Writes its bytes into the buffer of the second read, then fails it: a client gone mid-body.</summary>
    private sealed class AbortingStream(byte[] data) : ForwardOnlyReadStream
    {
        private int _reads;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_reads++ == 0)
            {
                data.AsSpan(0, 10).CopyTo(buffer.Span);
                return ValueTask.FromResult(10);
            }

            data.AsSpan(10).CopyTo(buffer.Span);
            throw new IOException("The client reset the connection.");
        }
    }
}
