using Microsoft.Extensions.Options;

namespace XaiRouter.Gateway.Usage;

/// <inheritdoc/>
internal sealed class UsageReportingOptionsValidator : IValidateOptions<UsageReportingOptions>
{
    /// <summary>The least bound: one full batch (a smaller one would refuse requests while a batch merely fills).</summary>
    public const int MinPendingRecords = UsageReporter.MaxBatch;

    public const int MaxPendingRecords = 10_000_000;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, UsageReportingOptions options) =>
        options.MaxPendingRecords is < MinPendingRecords or > MaxPendingRecords
            ? ValidateOptionsResult.Fail($"Usage:MaxPendingRecords must be between {MinPendingRecords} and {MaxPendingRecords}, not {options.MaxPendingRecords}.")
            : ValidateOptionsResult.Success;
}
