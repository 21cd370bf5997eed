using System.Text.RegularExpressions;

namespace XaiRouter.Gateway.Apis;

/// <summary>Validation of management API fields; each method returns why a value is refused (naming the field) or null.</summary>
internal static partial class InputRules
{
    public const int MaxApiKeyBytes = 512;
    public const int MaxModels = 256;
    public const int MaxModelLength = 128;
    public const int MaxBaseUrlLength = 2048;

    /// <summary>Printable ASCII, no CR, LF or NUL (it becomes an HTTP header value), 1-512 bytes.</summary>
    public static string? ApiKey(string? value, string field = "api_key")
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"'{field}' is required.";
        }

        if (value.Length > MaxApiKeyBytes)
        {
            return $"'{field}' is longer than {MaxApiKeyBytes} bytes.";
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return $"'{field}' may contain only printable ASCII characters.";
            }
        }

        return value.Trim().Length == value.Length ? null : $"'{field}' has leading or trailing spaces.";
    }

    /// <summary>An absolute http or https URL without userinfo or fragment.</summary>
    public static string? BaseUrl(string? value, string field = "base_url")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"'{field}' is required.";
        }

        if (value.Length > MaxBaseUrlLength || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            return $"'{field}' must be an absolute http or https URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return $"'{field}' must not carry a user name or password.";
        }

        return value.Contains('#', StringComparison.Ordinal) ? $"'{field}' must not have a fragment." : null;
    }

    /// <summary>1-256 model names, each 1-128 printable characters without spaces, no duplicates.</summary>
    public static string? Models(IReadOnlyList<string?>? models, string field = "models")
    {
        if (models is null || models.Count == 0)
        {
            return $"'{field}' must list at least one model.";
        }

        if (models.Count > MaxModels)
        {
            return $"'{field}' lists more than {MaxModels} models.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            if (!IsModelName(model))
            {
                return $"'{field}' has an invalid model name: 1-{MaxModelLength} printable characters without spaces.";
            }

            if (!seen.Add(model))
            {
                return $"'{field}' lists '{model}' twice.";
            }
        }

        return null;
    }

    /// <summary>1-128 printable ASCII characters without spaces.</summary>
    public static bool IsModelName([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? model) => !string.IsNullOrEmpty(model) && model.Length <= MaxModelLength && ModelPattern().IsMatch(model);

    /// <summary>Pool names: lowercase letters, digits, '-' and '_', starting with a letter or digit, 1-32 characters.</summary>
    /// <summary>An exact model name, a prefix ending in <c>*</c>, or <c>*</c> alone.</summary>
    public static bool IsModelPattern([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? model) =>
        model is not null && (model == "*" || IsModelName(model.EndsWith('*') ? model[..^1] : model)) && model.IndexOf('*') is var star && (star < 0 || star == model.Length - 1);

    public static string? PoolName(string? value, string field = "pool") =>
        value is not null && PoolPattern().IsMatch(value)
            ? null
            : $"'{field}' must be 1-32 characters of a-z, 0-9, '-' and '_', starting with a letter or digit.";

    public static string? Range(int? value, int min, int max, string field) =>
        value is null || (value >= min && value <= max) ? null : $"'{field}' must be between {min} and {max}.";

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PoolPattern();

    [GeneratedRegex(@"^[\x21-\x7E]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex ModelPattern();
}
