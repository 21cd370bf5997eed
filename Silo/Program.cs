using Microsoft.Extensions.Hosting;
using XaiRouter.Grains.Hosting;

// A headless silo: the same grains, storage and cluster settings as the Gateway, without HTTP.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddXaiRouterDefaults();
try
{
    builder.AddXaiRouterSilo(new ConfigurationReader(builder.Configuration));
}
catch (RouterConfigurationException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

builder.AddXaiRouterTelemetry("xai-router-silo");
try
{
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } message)
{
    await Console.Error.WriteLineAsync(message);
    return 3;
}
