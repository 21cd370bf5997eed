using System.Net;

namespace XaiRouter.Gateway.Hosting;

/// <summary>The endpoints Kestrel will bind for the <c>Urls</c> setting, for <see cref="Grains.Hosting.ListenPortCheck"/>.</summary>
internal static class HttpListenPorts
{
    public const string Setting = "Urls";

    public static IEnumerable<(string Setting, IPEndPoint Endpoint)> From(string? urls)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress binding;
            try
            {
                binding = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                continue; // Kestrel reports it.
            }

            if (binding.IsUnixPipe || binding.Port == 0)
            {
                continue;
            }

            // localhost binds loopback; a wildcard ("*", "+", "0.0.0.0", "[::]") or any other name binds every address.
            var address = string.Equals(binding.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
                : IPAddress.TryParse(binding.Host.Trim('[', ']'), out var literal) ? literal
                : IPAddress.Any;
            yield return (Setting, new IPEndPoint(address, binding.Port));
        }
    }
}
