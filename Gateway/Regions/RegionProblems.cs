namespace XaiRouter.Gateway.Regions;

/// <summary>ProblemDetails answers of the regions' management side (the shape of <see cref="Apis.Problems"/>).</summary>
internal static class RegionProblems
{
    /// <summary>The extension naming the tenant's home region.</summary>
    public const string HomeRegionField = "home_region";

    /// <summary>
    /// 421 Misdirected Request (RFC 9110, 15.5.20: this server is not the one to answer it) for a write of a tenant
    /// homed in <paramref name="homeRegion"/>, with <c>home_region</c> and <c>home_url</c> (that region's management
    /// URL; null when it is not a configured peer) so that a client can send it there.
    /// </summary>
    public static ProblemHttpResult HomedElsewhere(string tenantId, string homeRegion, string? homeUrl) => TypedResults.Problem(
        $"Tenant '{tenantId}' is homed in region '{homeRegion}': its changes are made there" +
        (homeUrl is null ? " (that region is not a configured peer of this one)." : $", at {homeUrl}.") +
        " Reads are answered in every region.",
        statusCode: StatusCodes.Status421MisdirectedRequest,
        title: "Misdirected Request",
        extensions: new Dictionary<string, object?> { [HomeRegionField] = homeRegion, ["home_url"] = homeUrl });
}
