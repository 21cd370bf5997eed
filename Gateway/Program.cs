using XaiRouter.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddXaiRouterGateway();
}
catch (RouterConfigurationException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

var app = builder.Build().UseXaiRouterGateway();
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } message)
{
    await Console.Error.WriteLineAsync(message);
    return 3;
}
