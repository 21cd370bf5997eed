namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The provider-account headers a provider key is sent with (<c>OpenAI-Organization</c>, <c>OpenAI-Project</c>):
/// settings of the key itself, never the caller's, since a header naming an account the key does not belong to
/// makes the provider refuse the key (issue 15). The vault binds them: <see cref="Template"/> is the header
/// template field of the v2 AAD, so a record edited in storage to send other ones no longer decrypts, and the
/// forwarding sends exactly what the template lists.
/// </summary>
internal static class ProviderAccountHeaders
{
    public const string OrganizationHeader = "OpenAI-Organization";
    public const string ProjectHeader = "OpenAI-Project";

    /// <summary>Longest value accepted (OpenAI's ids are about 30 characters).</summary>
    public const int MaxValueLength = 256;

    /// <summary>The headers of <paramref name="record"/>, ordered by lower-case name (ordinal); empty when it has none.</summary>
    public static List<(string Name, string Value)> Of(ProviderKeyRecord record)
    {
        var headers = new List<(string Name, string Value)>(2);
        if (!string.IsNullOrEmpty(record.Organization))
        {
            headers.Add((OrganizationHeader, record.Organization));
        }

        if (!string.IsNullOrEmpty(record.Project))
        {
            headers.Add((ProjectHeader, record.Project));
        }

        headers.Sort(static (a, b) => string.CompareOrdinal(a.Name.ToLowerInvariant(), b.Name.ToLowerInvariant()));
        return headers;
    }

    /// <summary>
    /// The canonical form bound in the AAD: one line <c>{lower-case name}: {value}</c> per header, in
    /// <see cref="Of"/>'s order, joined with <c>\n</c> (no trailing newline); the empty string when there are none,
    /// so every record sealed before these settings existed keeps its AAD.
    /// </summary>
    public static string Template(ProviderKeyRecord record)
    {
        var headers = Of(record);
        return headers.Count == 0 ? "" : string.Join('\n', headers.Select(static h => h.Name.ToLowerInvariant() + ": " + h.Value));
    }

    /// <summary>Checks a value of the API (<c>organization</c>, <c>project</c>); the empty string clears it.</summary>
    /// <returns>The problem, naming <paramref name="field"/>, or <see langword="null"/>.</returns>
    public static string? Validate(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > MaxValueLength)
        {
            return $"'{field}' is longer than {MaxValueLength} characters.";
        }

        // It goes out as a header value unparsed: printable ASCII only (no CR, LF or NUL), no edge whitespace.
        if (value.AsSpan().ContainsAnyExceptInRange(' ', '~') || value[0] == ' ' || value[^1] == ' ')
        {
            return $"'{field}' must be printable ASCII without leading or trailing spaces.";
        }

        return null;
    }

    /// <summary>Whether a provider kind takes these headers: the OpenAI kinds do, Anthropic has no such headers.</summary>
    public static bool Applies(ProviderKind provider) => provider is ProviderKind.OpenAI or ProviderKind.OpenAICompatible;

    /// <summary>An absent value is <see langword="null"/>, never the empty string (which the API takes as "clear").</summary>
    public static string? Normalize(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
