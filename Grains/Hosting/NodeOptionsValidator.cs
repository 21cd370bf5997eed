using Microsoft.Extensions.Options;

namespace XaiRouter.Grains.Hosting;

/// <inheritdoc/>
internal sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            return ValidateOptionsResult.Fail("DataDirectory must name a folder (default ./data).");
        }

        if (options.DataDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return ValidateOptionsResult.Fail("DataDirectory contains characters that are not allowed in a path.");
        }

        return ValidateOptionsResult.Success;
    }
}
