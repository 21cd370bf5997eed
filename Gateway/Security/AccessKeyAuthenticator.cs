using System.Runtime.InteropServices;
using XaiRouter.Gateway.Usage;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer sk-Xvs...</c> or <c>x-api-key: sk-Xvs...</c>.
/// </summary>
/// <remarks>
/// 1. The key is parsed without copies of its secret outside a pinned buffer; a bad format or checksum is a failure
///    with nothing to look up.
/// 2. The credential record is read by key id (through <see cref="RecordCache"/>: at most 750 ms old, emptied by
///    every management write through this gateway; unknown ids are remembered as unknown just as long).
/// 3. The verifier is derived and compared in constant time, exactly once per request: against the key's record, or,
///    when the id is unknown or its record revoked, expired or a passphrase credential, against the process's
///    <see cref="KeyVault.StandInRecord"/>. An unknown id and a wrong secret do the same work.
/// 4. Only a failure meets the failure throttle: a client address past its allowance gets 429, any other failure
///    401 and counts against its address. A valid key is never refused for other clients' failures (behind a NAT
///    or a load balancer one misconfigured client must not lock everyone out); verifying it first costs a few
///    microseconds, and its 256-bit secret makes guessing hopeless anyway. A malformed key from a throttled address
///    is answered at once, without the stand-in verification.
/// 5. The tenant must be active, and every ancestor key present, active and unexpired (a revoked or expired
///    ancestor disables its whole subtree).
/// 6. A record without a public key, or with public-key slots, is rewritten once (<see cref="KeyRecordUpgrade"/>).
/// On <c>/v1</c>, the request log learns whose request it is (<see cref="RequestLogEntry"/>): the key, or for a
/// refused key whose id names a tenant, that tenant (a throttled refusal is logged nowhere).
/// </remarks>
internal sealed class AccessKeyAuthenticator(RecordCache records, KeyVault vault, FailureThrottle throttle, ClientAddresses clients, TimeProvider timeProvider,
    KeyRecordUpgrade upgrade, AuthenticationMetrics? metrics = null)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Deepest chain of parents followed; deeper (or circular) chains are refused.</summary>
    public const int MaxDepth = 32;

    public async ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context)
    {
        var client = clients.BudgetKey(context);

        // Step 1.
        using var secret = new SecretBuffer(AccessKeyFormat.SecretSize);
        if (!AccessKeyFormat.TryParse(PresentedKey(context.Request.Headers), secret.Span, out var keyId))
        {
            if (throttle.IsBlocked(client, out var wait))
            {
                return new AuthenticationResult(AuthenticationOutcome.Throttled, RetryAfter: wait);
            }

            Verify(vault.StandInRecord, secret.Span)?.Dispose();
            throttle.RecordFailure(client);
            return AuthenticationResult.Unauthorized;
        }

        // Steps 2 and 3.
        var record = await records.GetKeyAsync(keyId!);
        var usable = record is not null && record.Status == AccessKeyStatus.Active && record.Kind != AccessKeyKind.Passphrase
            && !(record.ExpiresAt <= timeProvider.GetUtcNow());
        var unlocked = Verify(usable ? record! : vault.StandInRecord, secret.Span);
        if (unlocked is null || !usable)
        {
            unlocked?.Dispose();
            return Refuse(client, context, record);
        }

        // Step 5.
        RequestLogEntry.Of(context)?.Identify(record!.TenantId, record.KeyId);
        var tenant = await records.GetVaultAsync(record!.TenantId);
        if (tenant is not { Status: TenantStatus.Active })
        {
            unlocked.Dispose();
            return new AuthenticationResult(AuthenticationOutcome.TenantDisabled);
        }

        context.Response.RegisterForDispose(unlocked);
        if (await ReadAncestorsAsync(record) is not { } ancestors)
        {
            return AuthenticationResult.Unauthorized;
        }

        unlocked.Ancestors = ancestors;
        unlocked.Tenant = tenant;

        // Step 6.
        await upgrade.ApplyAsync(unlocked);
        return new AuthenticationResult(AuthenticationOutcome.Success, unlocked);
    }

    /// <summary>The one verification of a request, counted (<see cref="AuthenticationMetrics"/>).</summary>
    private UnlockedKey? Verify(AccessKeyRecord record, ReadOnlySpan<byte> secret)
    {
        metrics?.Verified();
        return vault.Verify(record, secret);
    }

    /// <returns>The chain of parents, or <see langword="null"/> when one is missing, revoked or expired.</returns>
    /// <remarks>
    /// A value task and no builder for the usual shapes: a root key has no parents (the shared empty array), and the
    /// parents of a sub-key come from the record cache, synchronously at steady state.
    /// </remarks>
    private async ValueTask<ImmutableArray<AccessKeyRecord>?> ReadAncestorsAsync(AccessKeyRecord record)
    {
        if (record.ParentKeyId is null)
        {
            return ImmutableArray<AccessKeyRecord>.Empty;
        }

        var ancestors = new AccessKeyRecord[1];
        var count = 0;
        var now = timeProvider.GetUtcNow();
        for (var parentId = record.ParentKeyId; parentId is not null; parentId = ancestors[count - 1].ParentKeyId)
        {
            var parent = count < MaxDepth ? await records.GetKeyAsync(parentId) : null;
            if (parent is null || parent.Status != AccessKeyStatus.Active || parent.ExpiresAt <= now || parent.TenantId != record.TenantId)
            {
                return null;
            }

            if (count == ancestors.Length)
            {
                Array.Resize(ref ancestors, count * 2);
            }

            ancestors[count++] = parent;
        }

        if (count < ancestors.Length)
        {
            Array.Resize(ref ancestors, count);
        }

        // The array is not shared with anyone: handing it to the immutable array without a copy is safe.
        return ImmutableCollectionsMarshal.AsImmutableArray(ancestors);
    }

    /// <summary>Step 4: a failed attempt, 429 from a throttled address, else 401 counted against it.</summary>
    /// <param name="client">The client address's throttle key.</param>
    /// <param name="context">The request, for the request log (a key id that names a tenant is logged under it).</param>
    /// <param name="record">The record the key id named, if any.</param>
    private AuthenticationResult Refuse(string client, HttpContext context, AccessKeyRecord? record)
    {
        if (throttle.IsBlocked(client, out var retryAfter))
        {
            return new AuthenticationResult(AuthenticationOutcome.Throttled, RetryAfter: retryAfter);
        }

        if (record is not null)
        {
            RequestLogEntry.Of(context)?.Identify(record.TenantId, record.KeyId);
        }

        throttle.RecordFailure(client);
        return AuthenticationResult.Unauthorized;
    }

    private static ReadOnlySpan<char> PresentedKey(IHeaderDictionary headers)
    {
        var authorization = headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } value && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return value.AsSpan(BearerPrefix.Length).Trim();
        }

        var apiKey = headers["x-api-key"];
        return apiKey.Count == 1 && apiKey[0] is { } key ? key.AsSpan().Trim() : [];
    }
}
