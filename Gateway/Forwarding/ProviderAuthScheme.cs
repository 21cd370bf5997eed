namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// How an upstream of a provider kind takes its key. This is the one place that decides it per kind: the forwarding
/// builds the header from it, and the vault's destination binding names <see cref="Name"/> in a provider key's AAD,
/// so a key sealed for one scheme is never sent with another. Its siblings: <see cref="ProviderHeaderPolicy"/> (which
/// of a caller's headers a kind receives) and <see cref="ProviderAccountHeaders"/> (the key's own account headers).
/// </summary>
internal sealed class ProviderAuthScheme
{
    /// <summary><c>Authorization: Bearer {key}</c> (OpenAI, OpenAI-compatible and Gemini upstreams).</summary>
    public static readonly ProviderAuthScheme Bearer = new("bearer", "Authorization", "Bearer ");

    /// <summary><c>x-api-key: {key}</c> (Anthropic).</summary>
    public static readonly ProviderAuthScheme XApiKey = new("x-api-key", "x-api-key", "");

    /// <summary><c>api-key: {key}</c> (Azure OpenAI's key authentication; Entra tokens are not taken).</summary>
    public static readonly ProviderAuthScheme ApiKey = new("api-key", "api-key", "");

    /// <summary>The scheme of a kind outside the enum: bound as <c>?</c>, and never sent (such a kind serves nothing).</summary>
    public static readonly ProviderAuthScheme Unknown = new("?", "", "");

    private ProviderAuthScheme(string name, string headerName, string valuePrefix)
    {
        Name = name;
        HeaderName = headerName;
        ValuePrefix = valuePrefix;
    }

    /// <summary>The scheme's name as the vault binds it (ASCII).</summary>
    public string Name { get; }

    public string HeaderName { get; }

    /// <summary>What precedes the key in the header value.</summary>
    public string ValuePrefix { get; }

    /// <summary>The scheme of <paramref name="provider"/>, as its <see cref="ProviderKindRules"/> say.</summary>
    public static ProviderAuthScheme For(ProviderKind provider) => ProviderKindRules.For(provider).AuthScheme;
}
