using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Policies;

namespace XaiRouter.Gateway.Hosting;

/// <inheritdoc/>
internal sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        foreach (var proxy in options.TrustedProxies)
        {
            if (!IpRange.TryParse(proxy, out _))
            {
                return ValidateOptionsResult.Fail($"Network:TrustedProxies has '{proxy}', which is not an IP address or CIDR range.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
