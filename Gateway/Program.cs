using Microsoft.AspNetCore.Connections;
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

var app = builder.Build();

// Before the silo or Kestrel bind anything: a port another process listens on stops start-up in one line.
if (ListenPortCheck.Describe([.. HttpListenPorts.From(app.Configuration[WebHostDefaults.ServerUrlsKey]), .. ListenPortCheck.OrleansPorts(app.Services)]) is { } portsInUse)
{
    await Console.Error.WriteLineAsync(portsInUse);
    return 3;
}

app.UseXaiRouterGateway();
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
catch (IOException exception) when (exception.InnerException is AddressInUseException)
{
    // Kestrel bound an address the check above could not foresee (Kestrel:Endpoints, or a race with another start).
    await Console.Error.WriteLineAsync($"{exception.Message} Give this instance its own {HttpListenPorts.Setting}.");
    return 3;
}
