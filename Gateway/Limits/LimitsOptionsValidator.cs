using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Limits;

/// <inheritdoc/>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultMaxTokens is < 1 or > 10_000_000)
        {
            failures.Add($"Limits:DefaultMaxTokens must be between 1 and 10000000, not {options.DefaultMaxTokens}.");
        }

        if (options.LeaseDuration < TimeSpan.FromMilliseconds(100) || options.LeaseDuration > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Limits:LeaseDuration must be between 00:00:00.1 and 00:01:00, not {options.LeaseDuration}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
