using System.Buffers;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Where request bodies are held while they are scanned and (when they may be sent again) kept whole: arrays from
/// <see cref="ArrayPool{T}.Shared"/>, so a small chat body costs no fresh allocation. A body can hold a user's prompt,
/// so each array is cleared before it goes back, but only as far as it was written (a 64-byte body does not clear
/// a pooled 1 MiB array). <see cref="Outstanding"/> counts arrays rented and not yet returned, so tests can see that
/// every path gives its buffer back.
/// </summary>
/// <param name="arrays">The arrays' pool: <see cref="ArrayPool{T}.Shared"/> (another only in tests, to see what comes back).</param>
internal sealed class RequestBodyPool(ArrayPool<byte> arrays)
{
    public RequestBodyPool()
        : this(ArrayPool<byte>.Shared)
    {
    }

    /// <summary>The pool of the request path (a singleton of the Gateway's services).</summary>
    public static RequestBodyPool Shared { get; } = new();

    private long _outstanding;

    /// <summary>Arrays rented and not yet returned.</summary>
    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes, with whatever an earlier user left beyond what it cleared.</summary>
    public byte[] Rent(int minimumLength)
    {
        var array = arrays.Rent(Math.Max(1, minimumLength));
        Interlocked.Increment(ref _outstanding);
        return array;
    }

    /// <summary>Clears the first <paramref name="written"/> bytes of <paramref name="array"/> and returns it; an empty array is not the pool's.</summary>
    public void Return(byte[] array, int written)
    {
        if (array.Length == 0)
        {
            return;
        }

        array.AsSpan(0, written).Clear();
        arrays.Return(array);
        Interlocked.Decrement(ref _outstanding);
    }
}
