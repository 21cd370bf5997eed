namespace XaiRouter.Gateway.Security;

/// <summary>
/// Every write through the management and operator APIs (a revocation, a rotation, a policy, a disabled tenant,
/// a provider key...) empties this gateway's <see cref="RecordCache"/> once it is done, so the gateway that made a
/// change never serves a request against the old records.
/// </summary>
internal static class ManagementWrites
{
    public static async Task InvalidateCachedRecordsAsync(HttpContext context, RequestDelegate next)
    {
        var write = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && (context.Request.Path.StartsWithSegments("/x") || context.Request.Path.StartsWithSegments("/admin"));
        try
        {
            await next(context);
        }
        finally
        {
            if (write)
            {
                context.RequestServices.GetRequiredService<RecordCache>().InvalidateAll();
            }
        }
    }
}
