using System.Globalization;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Usage;

/// <summary>The query of <c>GET /x/requests</c>: <c>limit</c>, <c>model</c>, <c>key</c>, <c>status</c>, <c>provider_key</c>, and nothing else.</summary>
internal sealed record RequestLogFilter(int Limit, string? Model, string? KeyId, int? Status, string? ProviderKeyId = null)
{
    public const int DefaultLimit = 100;

    /// <summary>Longer than any model name; a longer one cannot match.</summary>
    public const int MaxModelLength = 256;

    public static readonly string[] Parameters = ["limit", "model", "key", "status", "provider_key"];

    /// <returns>The filter, or why the query is refused (naming the parameter).</returns>
    public static (RequestLogFilter? Filter, string? Problem) Parse(IQueryCollection query, int maxLimit)
    {
        foreach (var (name, values) in query)
        {
            if (!Parameters.Contains(name, StringComparer.Ordinal))
            {
                return (null, $"Unknown query parameter '{name}'; /x/requests accepts {string.Join(", ", Parameters)}.");
            }

            if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
            {
                return (null, $"'{name}' must be given once, with a value.");
            }
        }

        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > maxLimit))
        {
            return (null, $"'limit' must be between 1 and {maxLimit}.");
        }

        int? status = null;
        if (query.TryGetValue("status", out var statusText))
        {
            if (!int.TryParse(statusText[0], NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 100 || code > 599)
            {
                return (null, "'status' must be an HTTP status code (100 to 599), e.g. status=403.");
            }

            status = code;
        }

        string? keyId = null;
        if (query.TryGetValue("key", out var keyText))
        {
            if (!RandomIds.IsKeyId(keyText[0]!))
            {
                return (null, $"'key' must be a key id ({RandomIds.KeyIdLength} base62 characters), not a key or a name.");
            }

            keyId = keyText[0];
        }

        string? providerKeyId = null;
        if (query.TryGetValue("provider_key", out var providerKeyText))
        {
            if (!RandomIds.IsKeyId(providerKeyText[0]!))
            {
                return (null, $"'provider_key' must be a provider key id ({RandomIds.KeyIdLength} base62 characters), not a key or a name.");
            }

            providerKeyId = providerKeyText[0];
        }

        string? model = null;
        if (query.TryGetValue("model", out var modelText))
        {
            if (modelText[0]!.Length > MaxModelLength)
            {
                return (null, $"'model' must be at most {MaxModelLength} characters long.");
            }

            model = modelText[0];
        }

        return (new RequestLogFilter(limit, model, keyId, status, providerKeyId), null);
    }
}
