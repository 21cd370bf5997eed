namespace XaiRouter.Gateway.WebConsole;

/// <summary>
/// Every answer under <c>/console</c> carries the console's security headers (<see cref="ConsoleHeaders"/>), also the
/// ones its endpoints never write: a 405 for another method (routing and the status code pages write it), an error
/// page. Set as the response starts, so a rewritten answer keeps them.
/// </summary>
internal static class ConsoleAnswers
{
    public static bool Applies(HttpRequest request) => request.Path.StartsWithSegments("/console");

    public static void Mark(HttpResponse response) => response.OnStarting(static state =>
    {
        ConsoleHeaders.ApplySecurity((HttpResponse)state);
        return Task.CompletedTask;
    }, response);
}
