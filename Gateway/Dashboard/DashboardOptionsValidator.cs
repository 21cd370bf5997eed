using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Dashboard;

/// <inheritdoc/>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DashboardOptions options) =>
        options.SessionMinutes is < 1 or > DashboardOptions.MaxSessionMinutes
            ? ValidateOptionsResult.Fail($"Dashboard:SessionMinutes must be between 1 and {DashboardOptions.MaxSessionMinutes} (was {options.SessionMinutes}).")
            : ValidateOptionsResult.Success;
}
