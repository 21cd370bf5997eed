using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Hosting;

/// <inheritdoc/>
internal sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        if (options.Token is not { } token)
        {
            return ValidateOptionsResult.Success;
        }

        // The value is never echoed: it is a secret.
        if (token.Length < OperatorOptions.MinimumTokenLength)
        {
            return ValidateOptionsResult.Fail($"Operator:Token must be at least {OperatorOptions.MinimumTokenLength} characters long (or unset, to generate one).");
        }

        foreach (var c in token)
        {
            if (c is <= ' ' or > '~')
            {
                return ValidateOptionsResult.Fail("Operator:Token may contain only visible ASCII characters (no spaces or control characters).");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
