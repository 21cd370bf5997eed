using Microsoft.Extensions.Options;

namespace XaiRouter.Grains.Hosting;

/// <inheritdoc/>
internal sealed class ClusteringOptionsValidator : IValidateOptions<ClusteringOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ClusteringOptions options)
    {
        var failures = new List<string>();
        var isLocalhost = string.Equals(options.Provider, "localhost", StringComparison.OrdinalIgnoreCase);
        var isRedis = string.Equals(options.Provider, "redis", StringComparison.OrdinalIgnoreCase);
        if (!isLocalhost && !isRedis)
        {
            failures.Add($"Cluster:Provider must be 'localhost' or 'redis', not '{options.Provider}'.");
        }
        else if (isRedis)
        {
            if (string.IsNullOrWhiteSpace(options.Redis))
            {
                failures.Add("Cluster:Redis is required with Cluster:Provider 'redis' (for example 'redis-host:6379').");
            }
            else
            {
                try
                {
                    StackExchange.Redis.ConfigurationOptions.Parse(options.Redis);
                }
                catch (ArgumentException)
                {
                    failures.Add("Cluster:Redis is not a valid Redis configuration string.");
                }
            }

            if (options.PrimarySiloPort is not null)
            {
                failures.Add("Cluster:PrimarySiloPort is for Cluster:Provider 'localhost' only.");
            }
        }

        if (options.AdvertisedAddress is { } address && !System.Net.IPAddress.TryParse(address, out _))
        {
            failures.Add($"Cluster:AdvertisedAddress must be an IP address, not '{address}'.");
        }

        CheckPort(failures, "Cluster:SiloPort", options.SiloPort);
        if (options.PrimarySiloPort is { } primary)
        {
            CheckPort(failures, "Cluster:PrimarySiloPort", primary);
        }

        CheckPort(failures, "Cluster:GatewayPort", options.GatewayPort);
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"Cluster:SiloPort and Cluster:GatewayPort must differ (both are {options.SiloPort}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPort(List<string> failures, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{key} must be a TCP port between 1 and 65535, not {port}.");
        }
    }
}
