using XaiRouter.Gateway.Usage;

namespace XaiRouter.Gateway.Telemetry;

/// <summary>
/// A caller's model string as spans and log lines show it: cut to the longest a model filter takes
/// (<see cref="RefusalRecorder.Cut"/>), control characters replaced, so that a huge name is not exported whole and a
/// name with line breaks or terminal escapes cannot forge or garble log lines.
/// </summary>
internal static class TelemetryText
{
    public static string Model(string? model)
    {
        var cut = RefusalRecorder.Cut(model);
        return !HasControlCharacters(cut)
            ? cut
            : string.Create(cut.Length, cut, static (chars, text) =>
            {
                for (var i = 0; i < text.Length; i++)
                {
                    chars[i] = char.IsControl(text[i]) ? '?' : text[i];
                }
            });
    }

    /// <summary>Whether <paramref name="text"/> holds a control character (C0, DEL, C1: line breaks, terminal escapes), as <see cref="char.IsControl(char)"/>.</summary>
    public static bool HasControlCharacters(string text) =>
        text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0;
}
