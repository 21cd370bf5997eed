using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace XaiRouter.Grains.Hosting;

/// <inheritdoc/>
internal sealed partial class RegionOptionsValidator : IValidateOptions<RegionOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, RegionOptions options)
    {
        var failures = new List<string>();
        if (!options.IsMultiRegion)
        {
            if (options.Peers.Count > 0)
            {
                failures.Add("Region:Peers needs Region:Name (this region's name).");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (!RegionName().IsMatch(options.Name!))
        {
            failures.Add($"Region:Name must be 1 to 32 lower-case letters, digits or '-', starting with a letter, not '{options.Name}'.");
        }

        if (options.MaxStaleSeconds is < 1 or > 3600)
        {
            failures.Add("Region:MaxStaleSeconds must be between 1 and 3600.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Peers.Count; i++)
        {
            ValidatePeer($"Region:Peers:{i}", options.Peers[i], options.Name!, seen, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidatePeer(string key, RegionPeerOptions peer, string self, HashSet<string> seen, List<string> failures)
    {
        if (string.IsNullOrEmpty(peer.Name) || !RegionName().IsMatch(peer.Name))
        {
            failures.Add($"{key}:Name must be a region name (lower-case letters, digits or '-', starting with a letter).");
        }
        else if (peer.Name == self)
        {
            failures.Add($"{key}:Name '{peer.Name}' is this region's own name.");
        }
        else if (!seen.Add(peer.Name))
        {
            failures.Add($"{key}:Name '{peer.Name}' names the same peer twice.");
        }

        if (!Uri.TryCreate(peer.ManagementUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.UserInfo))
        {
            failures.Add($"{key}:ManagementUrl must be an absolute http(s) URL without credentials or query (the peer's Gateways).");
        }

        if (string.IsNullOrWhiteSpace(peer.Postgres))
        {
            failures.Add($"{key}:Postgres is required: a connection string to the peer's PostgreSQL (subscription and revocation feed).");
            return;
        }

        try
        {
            if (string.IsNullOrWhiteSpace(new Npgsql.NpgsqlConnectionStringBuilder(peer.Postgres).Host))
            {
                failures.Add($"{key}:Postgres must name a PostgreSQL host (Host=...).");
            }
        }
        catch (ArgumentException)
        {
            // The value itself is not echoed: a connection string may carry a password.
            failures.Add($"{key}:Postgres is not a valid PostgreSQL connection string.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex RegionName();
}
