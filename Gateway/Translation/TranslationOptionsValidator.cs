using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Translation;

/// <inheritdoc/>
internal sealed class TranslationOptionsValidator : IValidateOptions<TranslationOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TranslationOptions options) =>
        options.DefaultMaxTokens is < 1 or > TranslationOptions.MaxDefaultMaxTokens
            ? ValidateOptionsResult.Fail(
                $"Translation:{nameof(TranslationOptions.DefaultMaxTokens)} must be between 1 and {TranslationOptions.MaxDefaultMaxTokens}, not {options.DefaultMaxTokens}.")
            : ValidateOptionsResult.Success;
}
