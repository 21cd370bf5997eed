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
var host = builder.Build();

// Before the silo binds: Orleans shares a port another process already listens on, silently.
if (ListenPortCheck.Describe(ListenPortCheck.OrleansPorts(host.Services)) is { } portsInUse)
{
    await Console.Error.WriteLineAsync(portsInUse);
    return 3;
}

try
{
    await host.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } message)
{
    await Console.Error.WriteLineAsync(message);
    return 3;
}
