namespace XaiRouter.Gateway.Hosting;

/// <summary>
/// Every answer on <c>/x</c> and <c>/admin</c> carries <c>Cache-Control: no-store</c>: they can hold keys (a created
/// key, a claim token, a session key) and a tenant's figures, which no browser or proxy cache should keep. Set as
/// the response starts, so an answer the exception handler or the status code pages rewrote carries it too.
/// </summary>
internal static class NoStoreAnswers
{
    public static bool Applies(HttpRequest request) =>
        request.Path.StartsWithSegments("/x") || request.Path.StartsWithSegments("/admin");

    public static void Mark(HttpResponse response) => response.OnStarting(static state =>
    {
        ((HttpResponse)state).Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }, response);
}
