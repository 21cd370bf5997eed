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

        // ASP.NET Core opens a logging scope and an Activity for every request while this category logs at any level,
        // though it only ever logs per request at Debug and Information (measured: a few microseconds per request).
        // Start-up failures are reported by StartupFailure; exceptions in requests by the exception handler.
        new("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "None"),

        // YARP logs failed exchanges (a client's spoiled body included) at Information and Warning with their stack
        // traces; the router logs each failed attempt and each refused client body itself, in one line.
        new("Logging:LogLevel:Yarp", "Error"),

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
