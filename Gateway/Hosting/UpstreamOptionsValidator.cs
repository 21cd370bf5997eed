using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Hosting;

/// <inheritdoc/>
internal sealed class UpstreamOptionsValidator : IValidateOptions<UpstreamOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, UpstreamOptions options)
    {
        var failures = new List<string>();
        if (options.MaxRequestBodySize < 1024)
        {
            failures.Add($"Upstream:MaxRequestBodySize must be at least 1024 bytes, not {options.MaxRequestBodySize}.");
        }

        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Upstream:IdleTimeout must be positive, not {options.IdleTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
