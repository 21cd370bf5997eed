using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Tenants;

/// <inheritdoc/>
internal sealed class TenantsOptionsValidator : IValidateOptions<TenantsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TenantsOptions options) =>
        options.ClaimTokenLifetime < TenantsOptions.MinimumClaimTokenLifetime || options.ClaimTokenLifetime > TenantsOptions.MaximumClaimTokenLifetime
            ? ValidateOptionsResult.Fail(
                $"Tenants:{nameof(TenantsOptions.ClaimTokenLifetime)} must be between {TenantsOptions.MinimumClaimTokenLifetime} and {TenantsOptions.MaximumClaimTokenLifetime} (for example 7.00:00:00).")
            : ValidateOptionsResult.Success;
}
