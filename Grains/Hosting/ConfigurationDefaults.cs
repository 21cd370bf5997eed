using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace XaiRouter.Grains.Hosting;

/// <summary>Defaults that any other configuration source (appsettings, environment, command line) overrides.</summary>
public static class ConfigurationDefaults
{
    private static readonly KeyValuePair<string, string?>[] Defaults =
    [
        // Orleans logs every option and each membership step at Information; keep the console readable.
        new("Logging:LogLevel:Default", "Information"),
        new("Logging:LogLevel:Orleans", "Warning"),
        new("Logging:LogLevel:Polly", "Warning"),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
        new("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information"),

        // The Gateway logs each failed upstream attempt in one line with its cause; YARP's own entry for the same
        // failure is a stack trace, and it logs every forwarded request at Information.
        new("Logging:LogLevel:Yarp.ReverseProxy.Forwarder", "Error"),

        // A start-up failure is reported once, by the process, in one line (StartupFailure), not as a stack trace.
        new("Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host", "None"),
    ];

    /// <summary>Inserts the defaults as the lowest-priority source.</summary>
    public static IConfigurationBuilder AddXaiRouterDefaults(this IConfigurationBuilder configuration)
    {
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        return configuration;
    }
}
