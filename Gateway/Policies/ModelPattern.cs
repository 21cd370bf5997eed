namespace XaiRouter.Gateway.Policies;

/// <summary>Model patterns of key policies: an exact model name, or a prefix followed by <c>*</c> (<c>*</c> alone: any model).</summary>
internal static class ModelPattern
{
    public static bool Matches(string pattern, string model) =>
        pattern.EndsWith('*')
            ? model.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(pattern, model, StringComparison.Ordinal);

    /// <summary>Whether every model <paramref name="inner"/> matches is also matched by <paramref name="outer"/>.</summary>
    public static bool Covers(string outer, string inner)
    {
        if (!outer.EndsWith('*'))
        {
            return string.Equals(outer, inner, StringComparison.Ordinal);
        }

        // A prefix pattern covers any pattern or name that starts with its prefix.
        return inner.StartsWith(outer.AsSpan(0, outer.Length - 1), StringComparison.Ordinal);
    }

    /// <summary>Whether some pattern of <paramref name="outer"/> covers <paramref name="inner"/>.</summary>
    public static bool AnyCovers(IEnumerable<string> outer, string inner)
    {
        foreach (var pattern in outer)
        {
            if (Covers(pattern, inner))
            {
                return true;
            }
        }

        return false;
    }
}
