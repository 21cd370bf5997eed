using XaiRouter.Admin.Output;

namespace XaiRouter.Admin;

/// <summary>What a command's action works with: the cluster, the output and the parsed command line.</summary>
internal sealed class CommandContext(ClusterSession session, AdminOutput output, ParseResult parse, GlobalOptions options, TextReader stdin, TextWriter stderr)
{
    public IClusterClient Grains => session.Grains;

    public AdminOutput Output => output;

    public ParseResult Parse => parse;

    /// <summary>Whether <c>--yes</c> was given.</summary>
    public bool Confirmed => parse.GetValue(options.Yes);

    /// <summary>Asks <paramref name="question"/> on stderr (stdout stays the answer's) and reads y or yes from stdin.</summary>
    public async Task<bool> ConfirmAsync(string question)
    {
        await stderr.WriteAsync(question + " [y/N] ");
        var answer = (await stdin.ReadLineAsync())?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Resolves a tenant given by id or name.</summary>
    public Task<Grains.Abstractions.Tenants.TenantInfo> TenantAsync(string idOrName) => TenantResolver.ResolveAsync(Grains, idOrName);
}
