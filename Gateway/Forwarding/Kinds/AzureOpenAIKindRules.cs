using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using XaiRouter.Gateway.Translation;

namespace XaiRouter.Gateway.Forwarding.Kinds;

/// <summary>
/// <c>azure-openai</c>: the data-plane inference API of an Azure OpenAI resource. The base URL is the resource
/// endpoint (<c>https://{resource}.openai.azure.com</c>, <c>.cognitiveservices.azure.com</c> or a custom domain);
/// a request goes to <c>{base}/openai/deployments/{deployment}/{op}?api-version={v}</c> with the key in the
/// <c>api-key</c> header. The deployment is the key's <c>deployments[model]</c>, else the model's own name; the
/// version is the key's <c>api_version</c>, which replaces any the caller sent. Responses are not served (Azure's
/// Responses API lives elsewhere), so such a candidate is skipped.
/// </summary>
internal sealed partial class AzureOpenAIKindRules : ProviderKindRules
{
    /// <summary>The latest GA inference version, which streams usage (<c>stream_options.include_usage</c>).</summary>
    public const string DefaultApiVersion = "2024-10-21";

    public override ProviderKind Kind => ProviderKind.AzureOpenAI;

    public override string Name => ProviderKeys.ProviderNames.AzureOpenAI;

    public override WireFormat WireFormat => WireFormat.OpenAIChat;

    public override ProviderAuthScheme AuthScheme => ProviderAuthScheme.ApiKey;

    public override ProviderHeaderPolicy HeaderPolicy => ProviderHeaderPolicy.CommonOnly;

    public override bool Serves(string operation) => operation is UpstreamOperations.Chat or UpstreamOperations.Completions
        or UpstreamOperations.Embeddings or UpstreamOperations.Messages or UpstreamOperations.CountTokens;

    public override bool Serves(ProviderKeyRecord key, string operation, string model) =>
        Serves(operation) && IsDeploymentName(Deployment(key, model));

    public override string? Url(ProviderKeyRecord key, string operation, string? deployment)
    {
        var path = operation switch
        {
            UpstreamOperations.Chat or UpstreamOperations.Messages => "/chat/completions",
            UpstreamOperations.Completions => "/completions",
            UpstreamOperations.Embeddings => "/embeddings",
            _ => null,
        };
        return path is null || deployment is null || deployment.AsSpan().Trim('.').IsEmpty ? null
            : key.BaseUrl.TrimEnd('/') + "/openai/deployments/" + PathSegment(deployment) + path + "?api-version=" + Uri.EscapeDataString(ApiVersion(key));
    }

    public override string? Deployment(ProviderKeyRecord key, string model) =>
        key.Deployments is { } map && map.TryGetValue(model, out var deployment) ? deployment : model;

    /// <summary>The key's version; the default for a record without one (it is stored explicitly at create).</summary>
    public static string ApiVersion(ProviderKeyRecord key) => key.ApiVersion ?? DefaultApiVersion;

    public static bool IsDeploymentName(string? name) => name is not null && DeploymentPattern().IsMatch(name);

    public static bool IsApiVersion(string? version) => version is not null && ApiVersionPattern().IsMatch(version);

    /// <summary>
    /// A resource endpoint: https (http only to a loopback host: a local proxy or emulator), no query, and no path but
    /// <c>/</c>: the router adds <c>/openai/deployments/...</c> itself.
    /// </summary>
    public override string? BaseUrlProblem(Uri baseUrl)
    {
        if (baseUrl.Scheme != Uri.UriSchemeHttps && !IsLoopback(baseUrl))
        {
            return $"'base_url' of an '{Name}' key must be https (the resource endpoint, https://{{resource}}.openai.azure.com).";
        }

        if (!string.IsNullOrEmpty(baseUrl.Query))
        {
            return $"'base_url' of an '{Name}' key must not have a query: 'api_version' sets the api-version.";
        }

        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/openai", StringComparison.OrdinalIgnoreCase))
        {
            return $"'base_url' of an '{Name}' key is the resource endpoint without '/openai' (https://{{resource}}.openai.azure.com): the router adds '/openai/deployments/...' itself.";
        }

        return path.Length == 0 ? null
            : $"'base_url' of an '{Name}' key must be the resource endpoint with no path (https://{{resource}}.openai.azure.com).";
    }

    /// <summary>
    /// <c>api-version: {v}</c>, then <c>deployment {model}: {name}</c> per entry of the map in ordinal model order,
    /// joined with LF: which path the key is sent to is bound like its host.
    /// </summary>
    public override string BoundRoute(ProviderKeyRecord key)
    {
        var route = new StringBuilder("api-version: ").Append(ApiVersion(key));
        if (key.Deployments is { Count: > 0 } map)
        {
            var models = map.Keys.ToArray();
            Array.Sort(models, StringComparer.Ordinal);
            foreach (var model in models)
            {
                route.Append("\ndeployment ").Append(model).Append(": ").Append(map[model]);
            }
        }

        return route.ToString();
    }

    /// <summary>
    /// A valid name goes in as it is. Anything else (only a stored record edited since it was checked, which
    /// <see cref="Serves(ProviderKeyRecord, string, string)"/> refuses) is escaped byte by byte so it stays one segment;
    /// a name of dots alone, which no escaping keeps from being a dot segment, gets no URL at all.
    /// </summary>
    private static string PathSegment(string deployment)
    {
        if (IsDeploymentName(deployment))
        {
            return deployment;
        }

        var escaped = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(deployment))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_')
            {
                escaped.Append((char)b);
            }
            else
            {
                escaped.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    // \z, not $: $ also matches before a final newline, which would reach the bound template and the URL.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DeploymentPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex ApiVersionPattern();
}
