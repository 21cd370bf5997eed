using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Hosting;

/// <inheritdoc/>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.FailureBurst < 1)
        {
            failures.Add($"Auth:FailureBurst must be at least 1, not {options.FailureBurst}.");
        }

        if (options.FailuresPerMinute < 1)
        {
            failures.Add($"Auth:FailuresPerMinute must be at least 1, not {options.FailuresPerMinute}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
