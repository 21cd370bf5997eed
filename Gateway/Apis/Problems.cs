namespace XaiRouter.Gateway.Apis;

/// <summary>ProblemDetails answers of the <c>/admin</c> and <c>/x</c> APIs.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>The same answer whatever went wrong (missing, malformed or wrong token).</summary>
    public static ProblemHttpResult OperatorUnauthorized() => TypedResults.Problem(
        "A valid operator token is required: Authorization: Bearer <operator token>.",
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Unauthorized");
}
