using System.Buffers;
using System.Text;
using System.Text.Json;

namespace XaiRouter.Gateway.Usage;

/// <summary>
/// The text of a request or an answer, kept up to <see cref="Capacity"/> characters (and counted beyond), so that
/// tokens can be estimated if the upstream reports none, without holding long bodies.
/// </summary>
internal sealed class TextSample
{
    public const int Capacity = 64 * 1024;

    private readonly StringBuilder _text = new();

    public long TotalChars { get; private set; }

    /// <summary>How many strings were added (roles, contents, instructions).</summary>
    public long Parts { get; private set; }

    public string Text => _text.ToString();

    public void Add(string? text) => Add(text.AsSpan());

    /// <summary>Adds the string the reader is on, decoded from its UTF-8 bytes without making a string.</summary>
    /// <exception cref="InvalidOperationException">The string is not valid UTF-8 (as <see cref="Utf8JsonReader.GetString"/>).</exception>
    public void Add(ref Utf8JsonReader reader)
    {
        // Unescaped, a JSON string has at most as many UTF-16 chars as its bytes.
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (length == 0)
        {
            return;
        }

        char[]? rented = null;
        var chars = length <= 256 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        var written = 0;
        try
        {
            written = reader.CopyString(chars);
            Add(chars[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                // Prompts and answers are the users' text: cleared before the array goes back.
                rented.AsSpan(0, written).Clear();
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private void Add(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        TotalChars += text.Length;
        Parts++;
        if (_text.Length < Capacity)
        {
            _text.Append(text[..Math.Min(text.Length, Capacity - _text.Length)]);
        }
    }
}
