using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Hosting;

/// <inheritdoc/>
internal sealed class VaultOptionsValidator : IValidateOptions<VaultOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, VaultOptions options) => options.Pepper switch
    {
        { Length: < VaultOptions.MinimumPepperLength } =>
            ValidateOptionsResult.Fail($"Vault:Pepper must be at least {VaultOptions.MinimumPepperLength} characters long when set."),
        { } pepper when System.Text.Encoding.UTF8.GetByteCount(pepper) > VaultOptions.MaximumPepperBytes =>
            ValidateOptionsResult.Fail($"Vault:Pepper must be at most {VaultOptions.MaximumPepperBytes} bytes long."),
        _ => ValidateOptionsResult.Success,
    };
}
