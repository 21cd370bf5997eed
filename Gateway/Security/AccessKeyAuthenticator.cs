using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer sk-Xvs...</c> or <c>x-api-key: sk-Xvs...</c>.
/// </summary>
/// <remarks>
/// 1. A client address that failed too often is refused at once (429).
/// 2. The key is parsed without copies of its secret outside a pinned buffer; a bad format or checksum is refused
///    before any lookup.
/// 3. The credential record is read by key id (through <see cref="RecordCache"/>: at most 750 ms old, emptied by
///    every management write through this gateway); unknown, revoked, expired and passphrase records are refused.
/// 4. The verifier is derived and compared in constant time.
/// 5. The tenant must be active, and every ancestor key present, active and unexpired (a revoked or expired
///    ancestor disables its whole subtree).
/// 6. A record without a public key, or with public-key slots, is rewritten once (<see cref="KeyRecordUpgrade"/>).
/// Steps 2 and 3 spend the work of a verification when they refuse, so every refusal costs about the same, and
/// every refusal counts against the client address.
/// </remarks>
internal sealed class AccessKeyAuthenticator(RecordCache records, KeyVault vault, FailureThrottle throttle, ClientAddresses clients, TimeProvider timeProvider,
    KeyRecordUpgrade upgrade)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Deepest chain of parents followed; deeper (or circular) chains are refused.</summary>
    public const int MaxDepth = 32;

    public async ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context)
    {
        // Step 1.
        var client = clients.BudgetKey(context);
        if (throttle.IsBlocked(client, out var retryAfter))
        {
            return new AuthenticationResult(AuthenticationOutcome.Throttled, RetryAfter: retryAfter);
        }

        // Step 2.
        using var secret = new SecretBuffer(AccessKeyFormat.SecretSize);
        if (!AccessKeyFormat.TryParse(PresentedKey(context.Request.Headers), secret.Span, out var keyId))
        {
            return Refuse(client, spendWork: true);
        }

        // Step 3.
        var record = await records.GetKeyAsync(keyId!);
        if (record is null || record.Status != AccessKeyStatus.Active || record.Kind == AccessKeyKind.Passphrase
            || record.ExpiresAt <= timeProvider.GetUtcNow())
        {
            return Refuse(client, spendWork: true);
        }

        // Step 4.
        var unlocked = vault.Verify(record, secret.Span);
        if (unlocked is null)
        {
            return Refuse(client, spendWork: false);
        }

        // Step 5.
        var tenant = await records.GetVaultAsync(record.TenantId);
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

    /// <returns>The chain of parents, or <see langword="null"/> when one is missing, revoked or expired.</returns>
    private async Task<ImmutableArray<AccessKeyRecord>?> ReadAncestorsAsync(AccessKeyRecord record)
    {
        var ancestors = ImmutableArray.CreateBuilder<AccessKeyRecord>();
        var now = timeProvider.GetUtcNow();
        for (var parentId = record.ParentKeyId; parentId is not null; parentId = ancestors[^1].ParentKeyId)
        {
            var parent = ancestors.Count < MaxDepth ? await records.GetKeyAsync(parentId) : null;
            if (parent is null || parent.Status != AccessKeyStatus.Active || parent.ExpiresAt <= now || parent.TenantId != record.TenantId)
            {
                return null;
            }

            ancestors.Add(parent);
        }

        return ancestors.ToImmutable();
    }

    private AuthenticationResult Refuse(string client, bool spendWork)
    {
        if (spendWork)
        {
            vault.SpendVerificationWork();
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
