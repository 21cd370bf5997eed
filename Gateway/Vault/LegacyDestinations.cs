namespace XaiRouter.Gateway.Vault;

/// <summary>
/// Where a legacy (v1) provider key may still be sent. Its AAD does not cover the destination, so anyone who can
/// write the record could point it anywhere; only a provider kind's official API is a destination such an edit
/// cannot turn against the tenant, so a v1 record is served there and refused everywhere else until a key holding
/// its pool saves it again (which seals it bound, v2). OpenAI-compatible endpoints have no official URL.
/// </summary>
internal static class LegacyDestinations
{
    /// <summary>Exact, case-sensitive comparison with the stored base URL.</summary>
    public static bool IsOfficial(ProviderKind provider, string baseUrl) => provider switch
    {
        ProviderKind.OpenAI => baseUrl is "https://api.openai.com/v1" or "https://api.openai.com/v1/",
        ProviderKind.Anthropic => baseUrl is "https://api.anthropic.com" or "https://api.anthropic.com/" or "https://api.anthropic.com/v1" or "https://api.anthropic.com/v1/",
        _ => false,
    };

    /// <summary>
    /// Whether a legacy record may be sent as it is: its destination is official and it carries nothing else its v1
    /// AAD leaves unbound (account headers, which only a storage edit can have put on a v1 record).
    /// </summary>
    public static bool IsOfficial(ProviderKeyRecord record) =>
        IsOfficial(record.Provider, record.BaseUrl) && ProviderKeyBinding.HeaderTemplate(record).Length == 0;
}
