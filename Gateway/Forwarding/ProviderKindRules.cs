using XaiRouter.Gateway.Forwarding.Kinds;
using XaiRouter.Gateway.Translation;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Everything that differs per provider kind, in one place per kind (<c>Forwarding/Kinds/</c>): its name, how the key
/// is sent, which caller headers and query parameters pass, the wire format, which operations are served, the
/// upstream URL of each, what a base URL must look like and what the vault binds besides the account headers.
/// <see cref="ProviderAuthScheme.For"/>, <see cref="ProviderHeaderPolicy.For"/> and <see cref="ProviderKeys.ProviderNames"/>
/// delegate here.
/// </summary>
internal abstract class ProviderKindRules
{
    private static readonly ProviderKindRules[] Known =
    [
        new OpenAIKindRules(ProviderKind.OpenAI, ProviderKeys.ProviderNames.OpenAI),
        new OpenAIKindRules(ProviderKind.OpenAICompatible, ProviderKeys.ProviderNames.OpenAICompatible),
        new AnthropicKindRules(),
        new AzureOpenAIKindRules(),
        new GeminiKindRules(),
    ];

    public abstract ProviderKind Kind { get; }

    /// <summary>The kind's name on <c>/x/provider-keys</c> (<c>openai</c>, <c>anthropic</c>, <c>azure-openai</c>, <c>gemini</c>...).</summary>
    public abstract string Name { get; }

    public abstract WireFormat WireFormat { get; }

    public abstract ProviderAuthScheme AuthScheme { get; }

    public abstract ProviderHeaderPolicy HeaderPolicy { get; }

    /// <summary>Every kind the API accepts, in enum order.</summary>
    public static IReadOnlyList<ProviderKindRules> All => Known;

    /// <summary>
    /// One instance per kind. A value outside the enum (only a storage edit makes one) gets <see cref="UnknownKindRules"/>,
    /// which serves nothing and never names a real kind.
    /// </summary>
    public static ProviderKindRules For(ProviderKind kind) => (uint)kind < (uint)Known.Length ? Known[(int)kind] : UnknownKindRules.Instance;

    /// <summary>Whether this kind serves <paramref name="operation"/> (<see cref="ClientRoute.Operation"/>), natively or translated.</summary>
    public abstract bool Serves(string operation);

    /// <summary>
    /// Whether this kind serves <paramref name="operation"/> for <paramref name="key"/>'s <paramref name="model"/>: as
    /// <see cref="Serves(string)"/>, and an Azure OpenAI key only when the model's deployment is a valid name (checked
    /// when stored and again here: only a storage edit of the record's models can make one invalid).
    /// </summary>
    public virtual bool Serves(ProviderKeyRecord key, string operation, string model) => Serves(operation);

    /// <summary>
    /// The upstream URL of one attempt for the client's <paramref name="operation"/> and the attempt's <paramref name="model"/>
    /// (cached per record in <see cref="ProviderKeyShape"/>). Only for an operation this kind <see cref="Serves(string)"/> and sends
    /// upstream: <c>count_tokens</c> has a URL for anthropic keys only (the others estimate it locally).
    /// </summary>
    /// <exception cref="InvalidOperationException">The kind has no upstream URL for <paramref name="operation"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is of another kind.</exception>
    public Uri UpstreamUri(ProviderKeyRecord key, string operation, string model, IQueryCollection clientQuery) =>
        key.Provider == Kind ? ProviderKeyShape.Of(key).UpstreamUri(operation, model, clientQuery)
            : throw new ArgumentException($"A '{ProviderKeys.ProviderNames.ToName(key.Provider)}' key is not a '{Name}' key.", nameof(key));

    /// <summary>The upstream URL of <paramref name="operation"/> without any caller query; null when the kind sends it nowhere.</summary>
    /// <param name="key">The provider key record.</param>
    /// <param name="operation">The client's operation (<see cref="ClientRoute.Operation"/>).</param>
    /// <param name="deployment">What <see cref="Deployment"/> gave for the attempt's model.</param>
    public abstract string? Url(ProviderKeyRecord key, string operation, string? deployment);

    /// <summary>The deployment an attempt's model goes to (Azure OpenAI); null for kinds without deployments.</summary>
    public virtual string? Deployment(ProviderKeyRecord key, string model) => null;

    /// <summary>The caller's query parameters this kind passes on, with the leading <c>?</c>; empty when none (the default).</summary>
    public virtual QueryString ForwardedQuery(IQueryCollection query) => QueryString.Empty;

    /// <summary>Why <paramref name="baseUrl"/> (already an absolute http(s) URL) is no base URL of this kind, naming the field; null when it is.</summary>
    public virtual string? BaseUrlProblem(Uri baseUrl) => null;

    /// <summary>
    /// What the vault binds of the key's routing besides its account headers: canonical lines appended to the v2 AAD's
    /// header template (<see cref="Vault.ProviderKeyBinding.HeaderTemplate"/>). Empty for every kind but Azure OpenAI,
    /// so their AADs stay what they were.
    /// </summary>
    public virtual string BoundRoute(ProviderKeyRecord key) => "";
}
