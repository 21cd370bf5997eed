using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Storage;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// The home region of tenants, as the database holds it: the <c>home_region</c> of the tenant's row (migration 0007),
/// and the home move that re-stamps a tenant's rows to this region. Without a region nothing is read: every tenant is
/// homed here.
/// </summary>
internal sealed class TenantHomes(StorageDatabase database, IOptions<RegionOptions> regions, IOptions<ClusterOptions> cluster)
{
    private const string ReadSql =
        $"SELECT home_region FROM xai_grain_state WHERE service_id = @service AND state_name = '{ControlPlaneRows.Tenant}' AND key_string = @key";

    /// <summary>
    /// One statement over the tenant's rows: the tenant row, its provider keys (<c>pk:&lt;tenant&gt;:*</c>) and its
    /// access keys, found both by id (root, passphrase, sessions, sub-keys from the tenant's index) and by the tenant in
    /// their stored record (plain System.Text.Json), so keys that left the index (expired sessions, revoked keys) move too.
    /// </summary>
    private const string MoveSql = $$"""
        UPDATE xai_grain_state SET home_region = @self
        WHERE service_id = @service AND home_region <> @self AND (
              (state_name = '{{ControlPlaneRows.Tenant}}' AND key_string = @tenant_key)
           OR (state_name = '{{ControlPlaneRows.ProviderKey}}' AND left(key_string, length(@provider_key_prefix)) = @provider_key_prefix)
           OR (state_name = '{{ControlPlaneRows.AccessKey}}' AND (key_string = ANY(@access_keys)
                OR (payload IS NOT NULL AND convert_from(payload, 'UTF8')::jsonb #>> '{Record,TenantId}' = @tenant))))
        """;

    /// <summary>The region whose database writes <paramref name="tenantId"/>'s rows; empty when single-region or unknown (both: here).</summary>
    public async Task<string> ReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (!regions.Value.IsMultiRegion)
        {
            return "";
        }

        await using var connection = (NpgsqlConnection)await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ReadSql, connection);
        command.Parameters.AddWithValue("service", cluster.Value.ServiceId);
        command.Parameters.AddWithValue("key", GrainKeys.Tenant(tenantId));
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? "";
    }

    /// <summary>
    /// Makes this region the home of <paramref name="tenantId"/>'s rows, in one transaction that the database's guard
    /// lets through (<c>xai.home_move</c>). Contents and versions stay as they are, so grains holding them stay valid.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="accessKeyIds">The access key ids the tenant's index knows.</param>
    /// <param name="cancellationToken">Cancels the move (nothing is changed then).</param>
    /// <returns>How many rows were re-stamped (rows already homed here are not counted).</returns>
    public async Task<int> MoveHereAsync(string tenantId, IReadOnlyCollection<string> accessKeyIds, CancellationToken cancellationToken)
    {
        var self = regions.Value.Name ?? throw new InvalidOperationException("Region:Name is not set: there is no other region to move a home from.");
        await using var connection = (NpgsqlConnection)await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var allow = new NpgsqlCommand("SET LOCAL xai.home_move = 'on'", connection, transaction))
        {
            await allow.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var move = new NpgsqlCommand(MoveSql, connection, transaction);
        move.Parameters.AddWithValue("self", self);
        move.Parameters.AddWithValue("service", cluster.Value.ServiceId);
        move.Parameters.AddWithValue("tenant", tenantId);
        move.Parameters.AddWithValue("tenant_key", GrainKeys.Tenant(tenantId));
        move.Parameters.AddWithValue("provider_key_prefix", GrainKeys.ProviderKey(tenantId, ""));
        move.Parameters.AddWithValue("access_keys", accessKeyIds.Select(GrainKeys.AccessKey).ToArray());
        var moved = await move.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return moved;
    }
}
