namespace XaiRouter.Gateway.Health;

/// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: the silo is active and storage answers (503 otherwise).</summary>
internal static class HealthApi
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddReadinessChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SiloActiveHealthCheck>("silo", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(2))
            .AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(2));
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = static _ => false }).WithTags("Ops");
        app.MapHealthChecks("/readyz", new() { Predicate = static check => check.Tags.Contains(ReadyTag) }).WithTags("Ops");
        return app;
    }
}
