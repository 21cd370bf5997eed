using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.WebConsole;

namespace XaiRouter.Gateway.Dashboard;

/// <summary>
/// In front of every route of the Orleans dashboard: admits the operator (bearer token, or the sign-in cookie of
/// <see cref="DashboardSessions"/>), refuses the grain state viewer, and turns a failed cluster call into a 503.
/// </summary>
internal sealed partial class DashboardGate(OperatorTokenVerifier verifier, DashboardSessions sessions, ILogger<DashboardGate> logger) : IEndpointFilter
{
    /// <summary>
    /// The dashboard's <c>GrainState</c> calls every parameterless method of a grain whose result type matches one of
    /// its fields and shows the result: tenant grains would hand over keyslot and verifier bytes, and a method with
    /// side effects would run. The router's grains are inspected through the operator API and xai-admin instead.
    /// </summary>
    private const string RefusedRoute = "/GrainState";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        ConsoleHeaders.ApplySecurity(http.Response, DashboardEndpoints.ContentSecurityPolicy);
        if (!IsOperator(http.Request))
        {
            return Unauthorized(http);
        }

        // By the route matched, not the path, which may differ in case or end with a slash.
        if (http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route } && route.EndsWith(RefusedRoute, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.NotFound("The dashboard's grain state viewer is turned off on XaiRouter: grain state holds key material.");
        }

        var silo = SiloAddressOf(http);
        if (silo is not null && !IsSiloAddress(silo))
        {
            return TypedResults.Problem(
                "Not a silo address: expected the form the dashboard lists, such as 10.0.0.5:11111@123456789.",
                statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        try
        {
            return await next(context);
        }
        catch (Exception exception) when (!http.RequestAborted.IsCancellationRequested && (silo is not null || exception is OrleansException or TimeoutException))
        {
            // A node that does not run the dashboard's silo service cannot answer its per-silo questions: a Gateway
            // with the dashboard off rejects the call (an OrleansException); a Silo process, which lacks even the
            // dashboard's types, answers with a TypeLoadException (measured). Either way: say so, not a 500.
            LogNodeUnavailable(logger, http.Request.Path, exception.GetType().Name);
            return TypedResults.Problem(
                "The cluster could not answer this dashboard question; the node asked may not run the dashboard (Dashboard:Enabled) or may be down.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable");
        }
    }

    /// <summary>The silo a per-silo route asks about (<c>SiloProperties/{address}</c>..., <c>HistoricalStats/{address}</c>), if any.</summary>
    private static string? SiloAddressOf(HttpContext http)
    {
        var values = http.Request.RouteValues;
        if (values.TryGetValue("address", out var address))
        {
            return address as string ?? "";
        }

        return http.Request.Path.Value?.Contains("/HistoricalStats/", StringComparison.OrdinalIgnoreCase) == true && values.TryGetValue("path", out var path)
            ? path as string ?? ""
            : null;
    }

    /// <summary>Checked here: the dashboard parses it inside a grain activation, and a malformed one failed there with a 500.</summary>
    private static bool IsSiloAddress(string value)
    {
        try
        {
            return SiloAddress.FromParsableString(value) is not null;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }
    }

    private bool IsOperator(HttpRequest request) =>
        verifier.Verify(request.Headers.Authorization) || sessions.IsValid(request.Cookies[DashboardSessions.CookieName]);

    /// <summary>A browser asking for a page gets the sign-in form (still a 401); anything else a ProblemDetails.</summary>
    private static object Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        if (HttpMethods.IsGet(http.Request.Method) && http.Request.GetTypedHeaders().Accept.Any(static a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)))
        {
            http.Response.Headers.ContentSecurityPolicy = DashboardSignInPage.ContentSecurityPolicy;
            return TypedResults.Content(DashboardSignInPage.Render(null), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }

        return TypedResults.Problem(
            $"Sign in at {DashboardOptions.Path}/sign-in, or send Authorization: Bearer <operator token>.",
            statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
    }

    [LoggerMessage(EventId = EventIds.DashboardNodeUnavailable, EventName = nameof(EventIds.DashboardNodeUnavailable),
        Level = LogLevel.Warning, Message = "Dashboard request {Path} failed in the cluster ({ExceptionType}); answered 503")]
    private static partial void LogNodeUnavailable(ILogger logger, string path, string exceptionType);
}
