namespace XaiRouter.Gateway.Apis;

/// <summary>
/// <c>POST /admin/diagnostics/gc</c> (operator token): a full, compacting, blocking garbage collection, so that a memory
/// dump taken next shows what is still reachable or not yet overwritten, not what is merely waiting for a collection.
/// </summary>
internal static class DiagnosticsApi
{
    public static RouteGroupBuilder MapDiagnosticsApi(this IEndpointRouteBuilder operatorApi)
    {
        var group = operatorApi.MapGroup("/diagnostics").WithTags("Operator");
        group.MapPost("/gc", CollectGarbage).WithName("CollectGarbage").WithSummary("Forces a full garbage collection.");
        return group;
    }

    public static NoContent CollectGarbage()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return TypedResults.NoContent();
    }
}
