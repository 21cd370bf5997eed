namespace XaiRouter.Gateway.Translation;

/// <summary>A client field that has no faithful translation for the attempt's upstream.</summary>
/// <param name="Field">JSON path, e.g. <c>messages[2].content[0].type</c>.</param>
/// <param name="Message">Why, for the client.</param>
internal sealed record TranslationRefusal(string Field, string Message);
