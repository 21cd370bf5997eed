using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.WebConsole;

namespace XaiRouter.Gateway.Dashboard;

/// <summary>
/// <c>GET /admin/dashboard/sign-in</c> serves the form; <c>POST</c> takes the operator token from the form body (never
/// from the URL), checks it in constant time and answers with the session cookie and a redirect to the dashboard.
/// Failures count against the client's failed-authentication budget (<see cref="FailureThrottle"/>).
/// </summary>
internal sealed partial class DashboardSignIn(OperatorTokenVerifier verifier, DashboardSessions sessions, FailureThrottle throttle, ClientAddresses clients, ILogger<DashboardSignIn> logger)
{
    public const string TokenField = "token";

    private const string WrongToken = "That is not the operator token.";

    public static IResult Form(HttpContext http) => Page(http, null, StatusCodes.Status200OK);

    public async Task<IResult> SignInAsync(HttpContext http)
    {
        var request = http.Request;
        if (!request.HasFormContentType)
        {
            return Page(http, "Send the token from the form.", StatusCodes.Status415UnsupportedMediaType);
        }

        var client = clients.BudgetKey(http);
        if (!throttle.TryReserve(client, out _, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.TooManyFailures();
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            throttle.Refund(client);
            return Page(http, "The form could not be read.", StatusCodes.Status400BadRequest);
        }

        var token = form[TokenField];
        if (token.Count != 1 || !verifier.VerifyToken(token[0].AsSpan().Trim()))
        {
            // The reservation stays spent: this was a failed authentication.
            LogRefused(logger, client);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Page(http, WrongToken, StatusCodes.Status401Unauthorized);
        }

        throttle.Refund(client);
        http.Response.Cookies.Append(DashboardSessions.CookieName, sessions.Issue(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = DashboardOptions.Path,
            Secure = request.IsHttps,
            MaxAge = sessions.Lifetime,
        });
        LogSignedIn(logger, client);
        // 303: the browser follows with a GET of the dashboard, and a reload does not post the token again.
        http.Response.Headers.Location = DashboardOptions.Path + "/";
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Page(HttpContext http, string? error, int status)
    {
        ConsoleHeaders.ApplySecurity(http.Response, DashboardSignInPage.ContentSecurityPolicy);
        return TypedResults.Content(DashboardSignInPage.Render(error), "text/html; charset=utf-8", statusCode: status);
    }

    [LoggerMessage(EventId = EventIds.DashboardSignedIn, EventName = nameof(EventIds.DashboardSignedIn),
        Level = LogLevel.Information, Message = "Operator signed in to the dashboard from {Client}")]
    private static partial void LogSignedIn(ILogger logger, string client);

    [LoggerMessage(EventId = EventIds.DashboardSignInRefused, EventName = nameof(EventIds.DashboardSignInRefused),
        Level = LogLevel.Warning, Message = "Dashboard sign-in from {Client} refused: wrong operator token")]
    private static partial void LogRefused(ILogger logger, string client);
}
