using System.Text;

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

    public void Add(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        TotalChars += text.Length;
        Parts++;
        if (_text.Length < Capacity)
        {
            _text.Append(text.AsSpan(0, Math.Min(text.Length, Capacity - _text.Length)));
        }
    }
}
