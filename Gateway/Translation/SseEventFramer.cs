namespace XaiRouter.Gateway.Translation;

/// <summary>
/// Splits an upstream SSE byte stream into events whatever the write boundaries, and reads an event's fields. An event
/// ends at a blank line, <c>\n\n</c> or <c>\r\n\r\n</c> (the rules of <see cref="Forwarding.UsageTap"/>'s event
/// splitting). An event that arrives whole in one write is handed out in place; only an event split across writes is
/// copied, into a buffer kept for the stream.
/// </summary>
internal sealed class SseEventFramer
{
    private byte[] _held = [];
    private int _heldLength;

    // The held bytes were handed out as a complete event: the next read starts afresh.
    private bool _heldIsEvent;
    private byte[] _data = [];

    /// <summary>Takes the next complete event from the bytes held so far and <paramref name="input"/>.</summary>
    /// <param name="input">The new bytes; on return, what follows the event (empty when no event was complete: the bytes are then held).</param>
    /// <param name="completeEvent">The event's bytes, blank line included; valid until the next call.</param>
    public bool TryRead(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> completeEvent)
    {
        if (_heldIsEvent)
        {
            Wipe(_held, _heldLength);
            _heldLength = 0;
            _heldIsEvent = false;
        }

        var end = EndOfEvent(input);
        if (end < 0)
        {
            Hold(input);
            input = [];
            completeEvent = [];
            return false;
        }

        if (_heldLength == 0)
        {
            completeEvent = input[..end];
        }
        else
        {
            Hold(input[..end]);
            completeEvent = _held.AsSpan(0, _heldLength);
            _heldIsEvent = true;
        }

        input = input[end..];
        return true;
    }

    /// <summary>At the end of the stream: the bytes of a last event that never got its blank line (empty when none).</summary>
    public ReadOnlySpan<byte> TakeRest()
    {
        if (_heldIsEvent)
        {
            return [];
        }

        _heldIsEvent = true;
        return _held.AsSpan(0, _heldLength);
    }

    /// <summary>
    /// The <c>event:</c> name and the <c>data:</c> payload of one event. Several <c>data:</c> lines are joined with
    /// <c>\n</c>, as the SSE specification says; one leading space after the colon is dropped.
    /// </summary>
    /// <returns><see langword="false"/> for an event without data (comments such as keep-alives).</returns>
    public bool TryReadFields(ReadOnlySpan<byte> eventBytes, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data)
    {
        name = [];
        data = [];
        var dataLines = 0;
        var joined = 0;
        foreach (var range in eventBytes.Split((byte)'\n'))
        {
            var line = eventBytes[range].TrimEnd((byte)'\r');
            if (line.StartsWith("event:"u8))
            {
                name = FieldValue(line[6..]);
            }
            else if (line.StartsWith("data:"u8) || line.SequenceEqual("data"u8))
            {
                var value = line.Length > 4 ? FieldValue(line[5..]) : [];
                dataLines++;
                if (dataLines == 1)
                {
                    data = value;
                    continue;
                }

                // Rare: a payload over several lines is copied once, into a buffer kept for the stream.
                if (dataLines == 2)
                {
                    joined = Append(0, data);
                }

                joined = Append(joined, "\n"u8);
                joined = Append(joined, value);
                data = _data.AsSpan(0, joined);
            }
        }

        return dataLines > 0;
    }

    /// <summary>How many bytes of an event not yet complete are held (its blank line not seen).</summary>
    public int PendingLength => _heldIsEvent ? 0 : _heldLength;

    /// <summary>Wipes what is held: the stream's content is the tenant's.</summary>
    public void Clear()
    {
        Wipe(_held, _held.Length);
        Wipe(_data, _data.Length);
        _heldLength = 0;
        _heldIsEvent = false;
    }

    private static ReadOnlySpan<byte> FieldValue(ReadOnlySpan<byte> value) => value.StartsWith(" "u8) ? value[1..] : value;

    private static void Wipe(byte[] buffer, int length) => buffer.AsSpan(0, length).Clear();

    /// <summary>The index just past the blank line that ends the first event in <paramref name="span"/>, counting held bytes before it, or -1.</summary>
    private int EndOfEvent(ReadOnlySpan<byte> span)
    {
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] != (byte)'\n')
            {
                continue;
            }

            var previous = At(span, i - 1);
            if (previous == (byte)'\n' || (previous == (byte)'\r' && At(span, i - 2) == (byte)'\n'))
            {
                return i + 1;
            }
        }

        return -1;
    }

    /// <summary>The byte at <paramref name="index"/> of the held bytes followed by <paramref name="span"/> (negative: held), or 0 before the start.</summary>
    private byte At(ReadOnlySpan<byte> span, int index) =>
        index >= 0 ? span[index] : _heldLength + index >= 0 ? _held[_heldLength + index] : (byte)0;

    private void Hold(ReadOnlySpan<byte> bytes)
    {
        if (_heldLength + bytes.Length > _held.Length)
        {
            var larger = new byte[Math.Max(_heldLength + bytes.Length, Math.Max(256, _held.Length * 2))];
            _held.AsSpan(0, _heldLength).CopyTo(larger);
            Wipe(_held, _heldLength);
            _held = larger;
        }

        bytes.CopyTo(_held.AsSpan(_heldLength));
        _heldLength += bytes.Length;
    }

    private int Append(int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > _data.Length)
        {
            var larger = new byte[Math.Max(length + bytes.Length, Math.Max(256, _data.Length * 2))];
            _data.AsSpan(0, length).CopyTo(larger);
            Wipe(_data, length);
            _data = larger;
        }

        bytes.CopyTo(_data.AsSpan(length));
        return length + bytes.Length;
    }
}
