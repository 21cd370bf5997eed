using XaiRouter.Gateway.Apis;

namespace XaiRouter.Gateway.Settings;

/// <summary>
/// Model aliases: an exact alias wins; otherwise the longest pattern ending in <c>*</c> whose prefix matches.
/// Applied once, before routing (an alias never leads to another alias).
/// </summary>
internal static class ModelAliases
{
    public const int MaxAliases = 256;

    public static string Resolve(ImmutableDictionary<string, string> aliases, string model)
    {
        if (aliases.TryGetValue(model, out var exact))
        {
            return exact;
        }

        string? best = null;
        var bestLength = -1;
        foreach (var (pattern, target) in aliases)
        {
            if (pattern.EndsWith('*') && pattern.Length - 1 > bestLength && model.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal))
            {
                best = target;
                bestLength = pattern.Length - 1;
            }
        }

        return best ?? model;
    }

    /// <summary>Why the aliases are refused (naming the field), or null.</summary>
    public static string? Validate(Dictionary<string, string?> aliases)
    {
        if (aliases.Count > MaxAliases)
        {
            return $"'model_aliases' has more than {MaxAliases} entries.";
        }

        foreach (var (alias, target) in aliases)
        {
            // A pattern is a model-name prefix followed by '*'; a target is always a plain model name.
            if (!InputRules.IsModelName(alias.EndsWith('*') && alias.Length > 1 ? alias[..^1] : alias) || alias.IndexOf('*') is >= 0 and var star && star != alias.Length - 1)
            {
                return $"'model_aliases' has an invalid alias '{alias}': a model name, optionally ending in '*'.";
            }

            if (!InputRules.IsModelName(target) || target!.Contains('*', StringComparison.Ordinal))
            {
                return $"'model_aliases' entry '{alias}' must map to a model name.";
            }
        }

        return null;
    }
}
