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

    public static ProblemHttpResult BodyTooLarge(long? maxBytes) => TypedResults.Problem(
        maxBytes is { } max ? $"The request body is larger than {max} bytes." : "The request body is too large.",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large");

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

    /// <summary>Passphrase credentials exist only with a pepper kept outside the database.</summary>
    public static ProblemHttpResult PepperRequired() => TypedResults.Problem(
        "Passphrase login is disabled on this server: it requires the setting Vault:Pepper (a server-side secret kept outside the database), so that a database copy cannot be guessed offline.",
        statusCode: StatusCodes.Status409Conflict,
        title: "Passphrases need Vault:Pepper");

    /// <summary>A malformed, unknown or replaced claim token.</summary>
    public static ProblemHttpResult ClaimTokenUnauthorized() => TypedResults.Problem(
        "A valid claim token is required: {\"claim_token\": \"xct-...\"} as given by the operator when the tenant was created.",
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Unauthorized");

    public static ProblemHttpResult ClaimTokenExpired() => TypedResults.Problem(
        "This claim token has expired; ask the operator for a new one (POST /admin/tenants/{id}/claim-token).",
        statusCode: StatusCodes.Status410Gone,
        title: "Claim token expired");

    /// <summary>The token already claimed its tenant: if that was not you, someone intercepted it.</summary>
    public static ProblemHttpResult ClaimTokenUsed() => TypedResults.Problem(
        "This claim token was already used, or the tenant was claimed with a token re-issued for it: the tenant has its root key. If you did not claim it yourself, the token was intercepted (or re-issued to someone else); tell the operator.",
        statusCode: StatusCodes.Status409Conflict,
        title: "Claim token already used");

    /// <summary>Every passphrase hash stayed busy for the login wait (a burst of logins): try again shortly.</summary>
    public static ProblemHttpResult PassphraseHashersBusy() => TypedResults.Problem(
        "Too many passphrase logins are being checked right now; retry in a few seconds.",
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Busy");
}
