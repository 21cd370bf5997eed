using System.Security.Cryptography;
using System.Text;
using XaiRouter.Gateway.Apis;
using XaiRouter.Gateway.Pools;
using XaiRouter.Gateway.Security;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Keys;

/// <summary>Root key rotation, the passphrase credential and console sessions.</summary>
internal sealed class KeyAdministration(IGrainFactory grains, KeyVault vault, PassphraseHasher hasher, FailureThrottle failures, TimeProvider timeProvider,
    VaultWriteGate gate, PoolRekeying rekeying, KeyRecordUpgrade upgrade, Regions.HomeRegionGuard? homes = null)
{
    private readonly SessionThrottle _throttle = new(failures, timeProvider);

    /// <summary>How long a console session key works.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(1);

    public const int MinPassphraseLength = 12;

    /// <summary>
    /// Gives the root key a new secret: same id (so the keys it created keep their parent), new salt, verifier and
    /// slots for every pool it held. The old secret is refused from the moment the record is replaced.
    /// </summary>
    /// <param name="caller">The root key.</param>
    /// <param name="rekeyPools">
    /// First re-key every pool the root holds (other holders keep them through their public keys), so the old root key
    /// with an old copy of the database opens none of the provider keys added or changed after the rotation.
    /// </param>
    public async Task<Results<Ok<RotatedKeyResponse>, ProblemHttpResult>> RotateRootAsync(UnlockedKey caller, bool rekeyPools = false)
    {
        if (caller.Record.Kind != AccessKeyKind.Root)
        {
            return Problems.Forbidden("Only the root key can rotate itself here.");
        }

        var (hold, busy) = await gate.EnterAsync(caller);
        if (busy is not null)
        {
            return busy;
        }

        await using (hold)
        {
            List<RekeyResponse>? rekeyed = null;
            if (rekeyPools && await Tenant(caller).GetVaultAsync() is { } tenantVault)
            {
                rekeyed = [];
                foreach (var (pool, version) in tenantVault.Pools.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (caller.Record.FindSlot(pool, version) is null)
                    {
                        continue;
                    }

                    var (done, problem) = await rekeying.RekeyAsync(caller, pool, ImmutableHashSet<string>.Empty);
                    if (problem is not null)
                    {
                        return problem;
                    }

                    rekeyed.Add(done!);

                    // The re-key changed the root's own slots: the rotation below must see them.
                    if (await AccessKey(caller.Record.KeyId).GetAsync() is not { } current || !caller.TryRefresh(current))
                    {
                        return Problems.Conflict("The root key changed meanwhile; retry.");
                    }
                }
            }

            var rotated = await RotateAsync(caller, caller.Record);
            return rotated is null
                ? Problems.Conflict("The key changed meanwhile; retry.")
                : TypedResults.Ok(new RotatedKeyResponse(rotated.Record.KeyId, rotated.AccessKey, rekeyed));
        }
    }

    /// <summary>
    /// Gives <paramref name="target"/> a new secret with the same id and policy, and slots for the pools it holds that
    /// <paramref name="caller"/> can open (the caller is the key itself or an ancestor).
    /// </summary>
    /// <returns>The new key, or <see langword="null"/> when the record changed meanwhile.</returns>
    public async Task<IssuedKey?> RotateAsync(UnlockedKey caller, AccessKeyRecord target)
    {
        IssuedKey issued;
        using (var callerPools = caller.OpenAllPoolKeys())
        using (var targetPools = new PoolKeyRing())
        {
            foreach (var slot in target.Slots)
            {
                if (callerPools.Find(slot.Pool, slot.Version) is { } key)
                {
                    var copy = new SecretBuffer(VaultCrypto.KeySize);
                    key.Span.CopyTo(copy.Span);
                    targetPools.Add(slot.Pool, slot.Version, copy);
                }
            }

            issued = vault.IssueAccessKey(AccessKeyTemplate.Of(target), targetPools, target.KeyId);
        }

        var stored = await AccessKey(target.KeyId).UpdateAsync(target.Version, issued.Record);
        return stored is null ? null : issued with { Record = stored };
    }

    /// <summary>Adds (or replaces) the tenant's passphrase credential: an Argon2id-derived slot for every pool the root key holds.</summary>
    public async Task<Results<Created<PassphraseResponse>, ProblemHttpResult>> SetPassphraseAsync(UnlockedKey caller, string passphrase, CancellationToken cancellationToken)
    {
        if (caller.Record.Kind != AccessKeyKind.Root)
        {
            return Problems.Forbidden("Only the root key can set the passphrase.");
        }

        if (!vault.HasPepper)
        {
            return Problems.PepperRequired();
        }

        var (hold, busy) = await gate.EnterAsync(caller);
        if (busy is not null)
        {
            return busy;
        }

        await using var held = hold;
        var salt = RandomNumberGenerator.GetBytes(PassphraseHasher.SaltSize);
        var keyId = RandomIds.NewKeyId();
        AccessKeyRecord record;
        using (var argon2 = await hasher.DeriveAsync(passphrase, salt, cancellationToken))
        using (var prk = vault.DerivePassphrasePrk(argon2))
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
    /// under its own random secret, which only the client receives. Refused without <c>Vault:Pepper</c>. One failure
    /// is reserved before the Argon2id work (<see cref="SessionThrottle"/>: per address, per tenant, never against a
    /// clean address) and refunded on success; an unknown tenant costs the same Argon2id work as a wrong passphrase.
    /// </summary>
    public async Task<Results<Created<SessionResponse>, ProblemHttpResult>> OpenSessionAsync(string tenant, string passphrase, string clientAddress, CancellationToken cancellationToken)
    {
        if (!vault.HasPepper)
        {
            return Problems.PepperRequired();
        }

        // Ids that cannot name a tenant share one account bucket, so junk ids cannot grow the throttle's table.
        var tenantId = RandomIds.IsTenantId(tenant) ? tenant : await TenantIdByNameAsync(tenant) ?? tenant;
        var validId = RandomIds.IsTenantId(tenantId);
        if (_throttle.TryReserve(validId ? tenantId : "invalid", clientAddress) is not { } reservation)
        {
            return Problems.TooManyFailures();
        }

        var tenantVault = validId ? await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId)).GetVaultAsync() : null;
        var credential = tenantVault is { Status: TenantStatus.Active, PassphraseKeyId: { } id } ? await AccessKey(id).GetAsync() : null;
        var salt = credential?.Salt ?? new byte[PassphraseHasher.SaltSize];
        SecretBuffer prk;
        using (var argon2 = await hasher.TryDeriveForLoginAsync(passphrase, salt, cancellationToken))
        {
            if (argon2 is null)
            {
                // Busy, not a failure: the reserved failure goes back.
                _throttle.Refund(reservation);
                return Problems.PassphraseHashersBusy();
            }

            prk = vault.DerivePassphrasePrk(argon2);
        }

        using var unlocked = credential is null ? null : KeyVault.VerifyPrk(credential, prk);
        if (unlocked is null)
        {
            prk.Dispose();
            return Problems.AccessKeyUnauthorized();
        }

        _throttle.Refund(reservation);

        // A session is a key record of the tenant: written only in its home region. Asked once the passphrase is
        // verified, so that a tenant's home is never told to someone who cannot sign in.
        if (homes is not null && await homes.RefuseIfHomedElsewhereAsync(tenantId) is { } misdirected)
        {
            return misdirected;
        }

        // The passphrase credential never authenticates as a key: give it its public key (and symmetric slots) here,
        // so a re-key can seal to it.
        await upgrade.ApplyAsync(unlocked);
        IssuedKey session;
        using (var pools = unlocked.OpenAllPoolKeys())
        {
            var now = timeProvider.GetUtcNow();
            session = vault.IssueAccessKey(
                new AccessKeyTemplate(tenantId, AccessKeyKind.Session, "console session", unlocked.Record.KeyId, Manage: true, now, now + SessionLifetime),
                pools);
        }

        await AccessKey(session.Record.KeyId).CreateAsync(session.Record);
        await grains.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId)).AddSessionKeyAsync(session.Record.KeyId, session.Record.ExpiresAt!.Value);
        return TypedResults.Created("/x/session", new SessionResponse(session.AccessKey, session.Record.ExpiresAt!.Value));
    }

    /// <summary>
    /// The id of the one tenant named <paramref name="name"/> (case-insensitive); <see langword="null"/> when no tenant
    /// or several share it: then the login fails like a wrong passphrase, and the tenant signs in with its id.
    /// </summary>
    private async Task<string?> TenantIdByNameAsync(string name)
    {
        // Only a name a tenant could have is looked up.
        if (DisplayName.Validate(name) is not null)
        {
            return null;
        }

        var ids = await grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.TenantDirectory).FindByNameAsync(name);
        return ids.Length == 1 ? ids[0] : null;
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
