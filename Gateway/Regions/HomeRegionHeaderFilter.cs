namespace XaiRouter.Gateway.Regions;

/// <summary>
/// Adds <c>X-Xai-Home-Region</c> to a 421 of <see cref="RegionProblems.HomedElsewhere"/>, whichever handler or filter
/// answered it, so that a client (or a proxy in front of the regions) can re-send the write without parsing the body.
/// </summary>
internal sealed class HomeRegionHeaderFilter : IEndpointFilter
{
    public const string Header = "X-Xai-Home-Region";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (Unwrap(result) is { StatusCode: StatusCodes.Status421MisdirectedRequest } problem
            && problem.ProblemDetails.Extensions.TryGetValue(RegionProblems.HomeRegionField, out var home) && home is string region)
        {
            context.HttpContext.Response.Headers[Header] = region;
        }

        return result;
    }

    /// <summary>The problem inside a typed <c>Results&lt;...&gt;</c> union, or the result itself.</summary>
    private static ProblemHttpResult? Unwrap(object? result) => result switch
    {
        ProblemHttpResult problem => problem,
        INestedHttpResult { Result: ProblemHttpResult nested } => nested,
        _ => null,
    };
}
