namespace XaiRouter.Grains.Hosting;

/// <summary>The configuration is invalid; the message names every offending key.</summary>
public sealed class RouterConfigurationException(IReadOnlyList<string> failures)
    : Exception("XaiRouter cannot start, the configuration is invalid:" + Environment.NewLine + "  - " +
                string.Join(Environment.NewLine + "  - ", failures))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
