namespace XaiRouter.Gateway.Apis;

/// <summary>ProblemDetails answers of the <c>/admin</c> and <c>/x</c> APIs.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    /// <summary>The same answer for a missing, malformed, unknown, revoked or expired key and a wrong secret.</summary>
    public static ProblemHttpResult AccessKeyUnauthorized() => TypedResults.Problem(
        "A valid access key is required: Authorization: Bearer sk-Xvs... (or x-api-key).",
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Unauthorized");

    public static ProblemHttpResult TooManyFailures() => TypedResults.Problem(
        "Too many failed authentications from this client; retry later.",
        statusCode: StatusCodes.Status429TooManyRequests,
        title: "Too many requests");

    /// <summary>The same answer whatever went wrong (missing, malformed or wrong token).</summary>
    public static ProblemHttpResult OperatorUnauthorized() => TypedResults.Problem(
        "A valid operator token is required: Authorization: Bearer <operator token>.",
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Unauthorized");
}
