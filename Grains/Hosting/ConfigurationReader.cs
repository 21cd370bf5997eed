using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace XaiRouter.Grains.Hosting;

/// <summary>
/// Binds and validates options classes before the host is built, collecting every failure, so that a bad
/// value stops start-up with one message naming each offending key instead of a half-configured process.
/// </summary>
public sealed class ConfigurationReader(IConfiguration configuration)
{
    private readonly List<string> _failures = [];

    public IConfiguration Configuration { get; } = configuration;

    /// <summary>Binds <typeparamref name="T"/> from <paramref name="section"/> ("" for the root) and validates it.</summary>
    public T Read<T>(string section, IValidateOptions<T>? validator = null)
        where T : class, new()
    {
        var options = new T();
        try
        {
            var source = section.Length == 0 ? Configuration : Configuration.GetSection(section);
            source.Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            // The binder's message names the key and the expected type, e.g. "Cluster:SiloPort ... System.Int32".
            _failures.Add(exception.Message);
            return options;
        }

        if (validator is null)
        {
            return options;
        }

        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            _failures.AddRange(result.Failures);
        }

        return options;
    }

    /// <summary>Records a failure found outside a validator (for example a folder that cannot be created).</summary>
    public void AddFailure(string failure) => _failures.Add(failure);

    public bool HasFailures => _failures.Count > 0;

    /// <summary>Throws <see cref="RouterConfigurationException"/> when any failure was recorded.</summary>
    public void ThrowIfInvalid()
    {
        if (_failures.Count > 0)
        {
            throw new RouterConfigurationException(_failures);
        }
    }
}
