namespace XaiRouter.Gateway.Translation.Tests;

/// <summary>The pooled buffer that holds translated bodies: it grows, keeps what was written, and wipes what it gives back.</summary>
public sealed class PooledBufferWriterRequestTests
{
    [Fact]
    public void Grows_KeepingEverythingWritten()
    {
        using var writer = new PooledBufferWriter();
        var expected = new byte[100_000];
        Random.Shared.NextBytes(expected);

        for (var i = 0; i < expected.Length; i += 1000)
        {
            writer.Write(expected.AsSpan(i, 1000));
        }

        Assert.Equal(expected, writer.WrittenSpan.ToArray());
        Assert.Equal(expected.Length, writer.WrittenCount);
    }

    [Fact]
    public void Reset_WipesTheWrittenBytes()
    {
        using var writer = new PooledBufferWriter(64);
        writer.Write("secret prompt"u8);
        var memory = writer.GetMemory();
        var buffer = System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(memory, out var segment) ? segment.Array! : throw new InvalidOperationException();

        writer.Reset();

        Assert.Equal(0, writer.WrittenCount);
        Assert.All(buffer.AsSpan(0, 13).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Dispose_ReturnsTheArrayCleared_AndGrowingReturnsTheOldOneCleared()
    {
        var writer = new PooledBufferWriter(16);
        writer.Write("tenant data 1234"u8);
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(writer.WrittenMemory, out var first);
        writer.Write(new byte[5000]);

        Assert.All(first.Array!.AsSpan(0, 16).ToArray(), b => Assert.Equal(0, b));
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(writer.WrittenMemory, out var second);
        writer.Dispose();
        Assert.All(second.Array!.AsSpan(0, 16).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void AdvancePastTheEnd_Throws()
    {
        using var writer = new PooledBufferWriter();
        var length = writer.GetSpan(10).Length;

        Assert.Throws<InvalidOperationException>(() => writer.Advance(length + 1));
    }
}
