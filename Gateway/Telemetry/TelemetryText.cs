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
        return cut.AsSpan().IndexOfAnyInRange('\0', '\u001f') < 0 && !cut.Contains('\u007f')
            ? cut
            : string.Create(cut.Length, cut, static (chars, text) =>
            {
                for (var i = 0; i < text.Length; i++)
                {
                    chars[i] = char.IsControl(text[i]) ? '?' : text[i];
                }
            });
    }
}
