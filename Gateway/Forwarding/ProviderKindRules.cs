using XaiRouter.Gateway.Translation;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// Everything that differs per provider kind, in one place per kind: how the key is sent, which caller headers pass,
/// the wire format, which operations are served and the upstream URL of each.
/// </summary>
internal abstract class ProviderKindRules
{
    public abstract ProviderKind Kind { get; }

    /// <summary>The kind's name on <c>/x/provider-keys</c> (<c>openai</c>, <c>anthropic</c>, <c>azure-openai</c>, <c>gemini</c>...).</summary>
    public abstract string Name { get; }

    public abstract WireFormat WireFormat { get; }

    public abstract ProviderAuthScheme AuthScheme { get; }

    public abstract ProviderHeaderPolicy HeaderPolicy { get; }

    /// <summary>One instance per kind.</summary>
    public static ProviderKindRules For(ProviderKind kind) => StepZeroKindRules.Of(kind);

    /// <summary>Whether this kind serves <paramref name="operation"/> (<see cref="ClientRoute.Operation"/>), natively or translated.</summary>
    public abstract bool Serves(string operation);

    /// <summary>The upstream URL of one attempt.</summary>
    public abstract Uri UpstreamUri(ProviderKeyRecord key, string operation, string model, IQueryCollection clientQuery);
}
