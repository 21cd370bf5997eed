using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Routing;

/// <inheritdoc/>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add($"Routing:MaxAttempts must be between 1 and 10, not {options.MaxAttempts}.");
        }

        Check(failures, "Routing:Deadline", options.Deadline);
        Check(failures, "Routing:HeadersTimeout", options.HeadersTimeout);
        Check(failures, "Routing:ProbeInterval", options.ProbeInterval);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string name, TimeSpan value)
    {
        if (value < TimeSpan.FromMilliseconds(100) || value > TimeSpan.FromHours(1))
        {
            failures.Add($"{name} must be between 00:00:00.1 and 01:00:00, not {value}.");
        }
    }
}
