using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Hosting;

/// <inheritdoc/>
internal sealed class VaultOptionsValidator : IValidateOptions<VaultOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, VaultOptions options) =>
        options.Pepper is { Length: < VaultOptions.MinimumPepperLength }
            ? ValidateOptionsResult.Fail($"Vault:Pepper must be at least {VaultOptions.MinimumPepperLength} characters long when set.")
            : ValidateOptionsResult.Success;
}
