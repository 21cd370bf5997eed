using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Policies;

namespace XaiRouter.Gateway.Hosting;

/// <inheritdoc/>
internal sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        var failures = new List<string>();
        foreach (var proxy in options.TrustedProxies)
        {
            if (!IpRange.TryParse(proxy, out _))
            {
                failures.Add($"Network:TrustedProxies has '{proxy}', which is not an IP address or CIDR range.");
            }
        }

        failures.AddRange(ValidateClientLimits(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The server limits on what a client may send; each failure names its key.</summary>
    private static IEnumerable<string> ValidateClientLimits(NetworkOptions options)
    {
        if (options.MaxManagementBodySize < 16 * 1024)
        {
            yield return $"Network:{nameof(NetworkOptions.MaxManagementBodySize)} must be at least 16384 bytes, not {options.MaxManagementBodySize}.";
        }

        // Kestrel refuses to start with less room for all headers than for the request line (8 KiB).
        if (options.MaxRequestHeadersTotalSize < 8 * 1024)
        {
            yield return $"Network:{nameof(NetworkOptions.MaxRequestHeadersTotalSize)} must be at least 8192 bytes, not {options.MaxRequestHeadersTotalSize}.";
        }

        if (options.MaxRequestHeaderCount is < 16 or > 10_000)
        {
            yield return $"Network:{nameof(NetworkOptions.MaxRequestHeaderCount)} must be between 16 and 10000, not {options.MaxRequestHeaderCount}.";
        }

        if (options.RequestHeadersTimeout <= TimeSpan.Zero)
        {
            yield return $"Network:{nameof(NetworkOptions.RequestHeadersTimeout)} must be positive, not {options.RequestHeadersTimeout}.";
        }

        if (!double.IsFinite(options.MinRequestBodyDataRate) || options.MinRequestBodyDataRate <= 0)
        {
            yield return $"Network:{nameof(NetworkOptions.MinRequestBodyDataRate)} must be a positive number of bytes per second, not {options.MinRequestBodyDataRate}.";
        }

        if (options.MinRequestBodyDataRateGracePeriod <= TimeSpan.FromSeconds(1))
        {
            yield return $"Network:{nameof(NetworkOptions.MinRequestBodyDataRateGracePeriod)} must be more than 1 second (the server checks rates once a second), not {options.MinRequestBodyDataRateGracePeriod}.";
        }
    }
}
