namespace XaiRouter.Gateway.Security;

/// <summary>
/// Every write through the management and operator APIs (a revocation, a rotation, a policy, a disabled tenant,
/// a provider key...) empties this gateway's <see cref="RecordCache"/> once it is done, so the gateway that made a
/// change never serves a request against the old records.
/// </summary>
internal static class ManagementWrites
{
    public static Task InvalidateCachedRecordsAsync(HttpContext context, RequestDelegate next) =>
        IsWrite(context.Request) ? RunWriteAsync(context, next) : next(context);

    /// <summary>Whether the request may change records: anything but GET and HEAD on <c>/x</c> or <c>/admin</c>.</summary>
    public static bool IsWrite(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
        && (request.Path.StartsWithSegments("/x") || request.Path.StartsWithSegments("/admin"));

    /// <summary>Runs a write (<see cref="IsWrite"/>), then empties the cache unless it was refused.</summary>
    public static async Task RunWriteAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        finally
        {
            // A write refused before it changed anything (401, 403, 404, 400...) keeps the copies: otherwise anyone,
            // unauthenticated, could empty every tenant's cache with each request and turn it into grain reads.
            if (!IsRefusal(context.Response.StatusCode))
            {
                context.RequestServices.GetRequiredService<RecordCache>().InvalidateAll();
            }
        }
    }

    /// <summary>A 4xx: the request was refused. A 409 may follow a write undone in part, so it still empties the cache.</summary>
    private static bool IsRefusal(int status) => status is >= 400 and < 500 and not StatusCodes.Status409Conflict;
}
