namespace XaiRouter.Gateway.ProviderKeys;

/// <summary>Body of <c>POST /x/provider-keys</c> and <c>PATCH /x/provider-keys/{id}</c> (where absent fields stay as they are;
/// <c>organization</c> and <c>project</c> are cleared by the empty string, <c>api_version</c> goes back to its default with it,
/// and <c>deployments</c> is cleared by <c>{}</c>).</summary>
internal sealed record ProviderKeyRequest(
    string? Name,
    string? Provider,
    string? BaseUrl,
    string? ApiKey,
    List<string?>? Models,
    string? Pool,
    int? Weight,
    int? Priority,
    System.Text.Json.JsonElement? Limits = null,
    string? Organization = null,
    string? Project = null,
    string? ApiVersion = null,
    Dictionary<string, string?>? Deployments = null);
