namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Which of a caller's headers an upstream of a provider kind receives: an allow-list, one place per kind (as
/// <see cref="ProviderAuthScheme"/> is for the credential). Anything not listed (the caller's credentials, cookies,
/// <c>Host</c>, forwarding headers, request ids, SDK telemetry, <c>OpenAI-Organization</c>, any <c>x-*</c>) never
/// leaves the router. The router adds its own: the credential, the key's account headers
/// (<see cref="ProviderAccountHeaders"/>), the kind's defaults, <c>User-Agent</c>, <c>Accept-Encoding</c> and the
/// trace context of its own activity.
/// </summary>
internal sealed class ProviderHeaderPolicy
{
    public const string AnthropicVersion = "2023-06-01";

    /// <summary>
    /// Sent whatever the caller accepts: the router reads answers (usage, stream guard), which a compressed answer
    /// would hide; the hop to the upstream is not where bandwidth is saved.
    /// </summary>
    public const string AcceptEncoding = "identity";

    /// <summary>
    /// The router's own <c>User-Agent</c>, replacing the caller's: the upstream is a client of the router's tenant,
    /// not of the caller's SDK, and the caller's platform details are not the provider's business.
    /// </summary>
    public static readonly string UserAgent = "XaiRouter/" + (typeof(ProviderHeaderPolicy).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

    /// <summary>
    /// The caller's query parameters an OpenAI-kind upstream receives (<see cref="Kinds.OpenAIKindRules"/>): <c>api-version</c>
    /// (SDKs send it as a query; some compatible servers want it). No other: the forwarded routes take none, and some
    /// providers read credentials from the query (Google's <c>?key=</c>, <c>?access_token=</c>), where a caller's would
    /// get the tenant's key refused. The other kinds pass none (Azure OpenAI sends its key's own version).
    /// </summary>
    private static readonly string[] QueryParameters = ["api-version"];

    /// <summary>What every kind needs to read the body and answer in the format asked.</summary>
    private static readonly string[] Common = ["Content-Type", "Content-Length", "Accept"];

    /// <summary>OpenAI and OpenAI-compatible upstreams: their beta opt-in (<c>OpenAI-Beta: assistants=v2</c>).</summary>
    public static readonly ProviderHeaderPolicy OpenAI = new(["OpenAI-Beta"], []);

    /// <summary>Anthropic: the API version (a default when the caller names none) and beta opt-ins.</summary>
    public static readonly ProviderHeaderPolicy Anthropic = new(["anthropic-version", "anthropic-beta"], [("anthropic-version", AnthropicVersion)]);

    /// <summary>Azure OpenAI and Gemini: what every kind needs, nothing more (no <c>OpenAI-Beta</c>).</summary>
    public static readonly ProviderHeaderPolicy CommonOnly = new([], []);

    private readonly HashSet<string> _forwarded;

    private ProviderHeaderPolicy(string[] own, (string Name, string Value)[] defaults)
    {
        _forwarded = new HashSet<string>([.. Common, .. own], StringComparer.OrdinalIgnoreCase);
        Defaults = defaults;
    }

    /// <summary>Headers sent when the caller did not send them.</summary>
    public IReadOnlyList<(string Name, string Value)> Defaults { get; }

    /// <summary>Whether the caller's header named <paramref name="name"/> is passed on.</summary>
    public bool Forwards(string name) => _forwarded.Contains(name);

    /// <summary>The allowed part of the caller's query (<see cref="QueryParameters"/>), with its leading <c>?</c>; empty when none.</summary>
    public static QueryString ForwardedQuery(IQueryCollection query)
    {
        var forwarded = QueryString.Empty;
        foreach (var name in QueryParameters)
        {
            if (query.TryGetValue(name, out var values))
            {
                foreach (var value in values)
                {
                    forwarded = forwarded.Add(name, value ?? "");
                }
            }
        }

        return forwarded;
    }

    /// <summary>The policy of <paramref name="provider"/>, as its <see cref="ProviderKindRules"/> say.</summary>
    public static ProviderHeaderPolicy For(ProviderKind provider) => ProviderKindRules.For(provider).HeaderPolicy;
}
