using XaiRouter.Grains.Abstractions.Usage;

namespace XaiRouter.Gateway.Usage;

/// <summary>Records of one ledger (tenant and day) sent together; <paramref name="Failure"/> is why its last send failed, if it did.</summary>
internal sealed record SettlementPart(string TenantId, DateOnly Day, ImmutableArray<UsageRecord> Records, Exception? Failure = null)
{
    /// <summary>
    /// The part in smaller parts: by totals group (key, model, provider key) when it holds more than one, since what
    /// makes records fail (an unwritable totals row, a model's text) usually comes with the group; else in halves.
    /// </summary>
    public IEnumerable<SettlementPart> Split()
    {
        var groups = Records.GroupBy(r => (r.KeyId, r.Model, r.ProviderKeyId)).ToList();
        if (groups.Count > 1)
        {
            return groups.Select(group => this with { Records = [.. group], Failure = null });
        }

        var half = Records.Length / 2;
        return [this with { Records = Records[..half], Failure = null }, this with { Records = Records[half..], Failure = null }];
    }
}
