using System.Buffers;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Feeds a JSON document to a <see cref="System.Text.Json.Utf8JsonReader"/>-based scanner chunk by chunk: the bytes
/// a scan could not finish (a token cut by the chunk's end) are carried into the next chunk. Only that tail is
/// held, never the document.
/// </summary>
internal sealed class JsonChunks
{
    private byte[] _carry = [];
    private int _carryLength;
    private long _fed;

    /// <summary>
    /// Scans <paramref name="data"/>, which starts at <paramref name="dataStart"/> in the document (<paramref name="final"/>:
    /// nothing follows); returns the bytes consumed.
    /// </summary>
    public delegate int Scanner(ReadOnlySpan<byte> data, long dataStart, bool final);

    /// <summary>Scans the carried bytes followed by <paramref name="chunk"/>, and carries what the scan left.</summary>
    public void Feed(ReadOnlySpan<byte> chunk, bool final, Scanner scan)
    {
        var dataStart = _fed - _carryLength;
        _fed += chunk.Length;
        byte[]? rented = null;
        var data = chunk;
        if (_carryLength > 0)
        {
            rented = ArrayPool<byte>.Shared.Rent(_carryLength + chunk.Length);
            _carry.AsSpan(0, _carryLength).CopyTo(rented);
            chunk.CopyTo(rented.AsSpan(_carryLength));
            data = rented.AsSpan(0, _carryLength + chunk.Length);
        }

        try
        {
            var rest = data[scan(data, dataStart, final)..];
            if (_carry.Length < rest.Length)
            {
                _carry = new byte[Math.Max(rest.Length, 256)];
            }

            rest.CopyTo(_carry);
            _carryLength = rest.Length;
        }
        finally
        {
            if (rented is not null)
            {
                // Request bodies carry prompts: the pooled copy is cleared (as far as it was written) before it goes back.
                rented.AsSpan(0, data.Length).Clear();
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Forgets the carried bytes, and where the document was: the next byte fed starts a new one.</summary>
    public void Clear()
    {
        Array.Clear(_carry);
        _carryLength = 0;
        _fed = 0;
    }
}
