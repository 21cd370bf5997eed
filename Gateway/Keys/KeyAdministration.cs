using System.Security.Cryptography;
using System.Text;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Keys;

/// <summary>Root key rotation, the passphrase credential and console sessions.</summary>
internal sealed class KeyAdministration(IGrainFactory grains, KeyVault vault, PassphraseHasher hasher, FailureThrottle throttle, TimeProvider timeProvider)
{
    /// <summary>How long a console session key works.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(1);

    public const int MinPassphraseLength = 12;

    /// <summary>Issues a new root key holding slots for every pool the old one held, then revokes the old one.</summary>
    public async Task<Results<Ok<RotatedKeyResponse>, ProblemHttpResult>> RotateRootAsync(UnlockedKey caller)
    {
        if (caller.Record.Kind != AccessKeyKind.Root)
        {
            return Problems.Forbidden("Only the root key can rotate itself here.");
        }

        IssuedKey issued;
        using (var pools = caller.OpenAllPoolKeys())
        {
            issued = vault.IssueAccessKey(Template(caller, AccessKeyKind.Root, "root", parent: null), pools);
        }

        await AccessKey(issued.Record.KeyId).CreateAsync(issued.Record);
        if (!await Tenant(caller).ReplaceRootKeyAsync(caller.Record.KeyId, issued.Record.KeyId))
        {
            await AccessKey(issued.Record.KeyId).RevokeAsync();
            return Problems.Conflict("The root key was rotated meanwhile.");
        }

        await AccessKey(caller.Record.KeyId).RevokeAsync();
        return TypedResults.Ok(new RotatedKeyResponse(issued.Record.KeyId, issued.AccessKey));
    }

    /// <summary>Adds (or replaces) the tenant's passphrase credential: an Argon2id-derived slot for every pool the root key holds.</summary>
    public async Task<Results<Created<PassphraseResponse>, ProblemHttpResult>> SetPassphraseAsync(UnlockedKey caller, string passphrase, CancellationToken cancellationToken)
    {
        if (caller.Record.Kind != AccessKeyKind.Root)
        {
            return Problems.Forbidden("Only the root key can set the passphrase.");
        }

        var salt = RandomNumberGenerator.GetBytes(PassphraseHasher.SaltSize);
        var keyId = RandomIds.NewKeyId();
        AccessKeyRecord record;
        using (var prk = await hasher.DeriveAsync(passphrase, salt, cancellationToken))
        using (var pools = caller.OpenAllPoolKeys())
        {
            record = KeyVault.BuildRecord(Template(caller, AccessKeyKind.Passphrase, "passphrase", caller.Record.KeyId), keyId, salt, prk, pools);
        }

        await AccessKey(keyId).CreateAsync(record);
        if (await Tenant(caller).SetPassphraseKeyAsync(keyId) is { } previous)
        {
            await AccessKey(previous).RevokeAsync();
        }

        return TypedResults.Created("/x/passphrase", new PassphraseResponse("set", record.CreatedAt));
    }

    /// <summary>
    /// Checks a tenant's passphrase and opens a console session: a short-lived access key whose slots are wrapped
    /// under its own random secret, which only the client receives. Failures are throttled per address and per tenant,
    /// and an unknown tenant costs the same Argon2id work as a wrong passphrase.
    /// </summary>
    public async Task<Results<Created<SessionResponse>, ProblemHttpResult>> OpenSessionAsync(string tenantId, string passphrase, string clientAddress, CancellationToken cancellationToken)
    {
        var accountKey = "tenant:" + tenantId;
        if (throttle.IsBlocked(clientAddress, out var retryAfter) || throttle.IsBlocked(accountKey, out retryAfter))
        {
            return Problems.TooManyFailures();
        }

        var tenantVault = RandomIds.IsTenantId(tenantId) ? await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId)).GetVaultAsync() : null;
        var credential = tenantVault is { Status: TenantStatus.Active, PassphraseKeyId: { } id } ? await AccessKey(id).GetAsync() : null;
        var salt = credential?.Salt ?? new byte[PassphraseHasher.SaltSize];
        var prk = await hasher.DeriveAsync(passphrase, salt, cancellationToken);
        using var unlocked = credential is null ? null : KeyVault.VerifyPrk(credential, prk);
        if (unlocked is null)
        {
            prk.Dispose();
            throttle.RecordFailure(clientAddress);
            throttle.RecordFailure(accountKey);
            return Problems.AccessKeyUnauthorized();
        }

        IssuedKey session;
        using (var pools = unlocked.OpenAllPoolKeys())
        {
            var now = timeProvider.GetUtcNow();
            session = vault.IssueAccessKey(
                new AccessKeyTemplate(tenantId, AccessKeyKind.Session, "console session", unlocked.Record.KeyId, Manage: true, now, now + SessionLifetime),
                pools);
        }

        await AccessKey(session.Record.KeyId).CreateAsync(session.Record);
        return TypedResults.Created("/x/session", new SessionResponse(session.AccessKey, session.Record.ExpiresAt!.Value));
    }

    /// <summary>Why a passphrase is refused, or null.</summary>
    public static string? ValidatePassphrase(string? passphrase)
    {
        if (string.IsNullOrEmpty(passphrase) || passphrase.Length < MinPassphraseLength)
        {
            return $"'passphrase' must be at least {MinPassphraseLength} characters long.";
        }

        return Encoding.UTF8.GetByteCount(passphrase) > PassphraseHasher.MaxPassphraseBytes
            ? $"'passphrase' must be at most {PassphraseHasher.MaxPassphraseBytes} bytes long."
            : null;
    }

    private AccessKeyTemplate Template(UnlockedKey caller, AccessKeyKind kind, string name, string? parent) =>
        new(caller.TenantId, kind, name, parent, Manage: true, timeProvider.GetUtcNow());

    private ITenantGrain Tenant(UnlockedKey caller) => grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(caller.TenantId));

    private IAccessKeyGrain AccessKey(string keyId) => grains.GetGrain<IAccessKeyGrain>(GrainKeys.AccessKey(keyId));
}
