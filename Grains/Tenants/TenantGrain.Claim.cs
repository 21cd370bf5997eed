using System.Security.Cryptography;

namespace XaiRouter.Grains.Tenants;

/// <summary>Operator-blind onboarding: the tenant is created without a key and claims its root key with a single-use token.</summary>
internal sealed partial class TenantGrain
{
    /// <inheritdoc/>
    public async Task<TenantInfo> CreateUnclaimedAsync(string name, DateTimeOffset createdAt, byte[] claimTokenHash, DateTimeOffset claimExpiresAt)
    {
        if (!state.RecordExists)
        {
            State.Name = name;
            State.Status = TenantStatus.Active;
            State.CreatedAt = createdAt;
            State.ClaimTokenHash = claimTokenHash;
            State.ClaimExpiresAt = claimExpiresAt;
            State.Pools[ITenantGrain.DefaultPool] = 1;
            await state.WriteStateAsync();
        }

        return ToInfo();
    }

    /// <inheritdoc/>
    public async Task<ClaimStatus> ReplaceClaimTokenAsync(byte[] claimTokenHash, DateTimeOffset claimExpiresAt)
    {
        if (!state.RecordExists)
        {
            return ClaimStatus.Unknown;
        }

        if (State.RootKeyId is not null)
        {
            return ClaimStatus.AlreadyClaimed;
        }

        var (previousHash, previousExpiry) = (State.ClaimTokenHash, State.ClaimExpiresAt);
        State.ClaimTokenHash = claimTokenHash;
        State.ClaimExpiresAt = claimExpiresAt;
        await WriteHereAsync(() => (State.ClaimTokenHash, State.ClaimExpiresAt) = (previousHash, previousExpiry));
        return ClaimStatus.Pending;
    }

    /// <inheritdoc/>
    public Task<ClaimStatus> CheckClaimAsync(byte[] claimTokenHash) => Task.FromResult(StatusOf(claimTokenHash));

    /// <inheritdoc/>
    public async Task<ClaimStatus> ClaimAsync(byte[] claimTokenHash, string rootKeyId)
    {
        // Check and spend in one grain turn: two concurrent claims with the same token cannot both see it pending.
        var status = StatusOf(claimTokenHash);
        if (status != ClaimStatus.Pending)
        {
            return status;
        }

        State.RootKeyId = rootKeyId;
        State.ClaimedAt = clock.UtcNow;
        await WriteHereAsync(() => (State.RootKeyId, State.ClaimedAt) = (null, null));
        return ClaimStatus.Claimed;
    }

    private ClaimStatus StatusOf(byte[] claimTokenHash)
    {
        // Constant-time comparison, so the answer time says nothing about how much of a guessed hash matched.
        var matches = state.RecordExists && State.ClaimTokenHash is { } stored && stored.Length == claimTokenHash.Length
            && CryptographicOperations.FixedTimeEquals(stored, claimTokenHash);
        if (!matches)
        {
            return ClaimStatus.Unknown;
        }

        if (State.RootKeyId is not null)
        {
            return ClaimStatus.AlreadyClaimed;
        }

        return State.ClaimExpiresAt > clock.UtcNow ? ClaimStatus.Pending : ClaimStatus.Expired;
    }
}
