using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.Limits;
using XaiRouter.Gateway.Vault;
using XaiRouter.Grains.Abstractions.ProviderKeys;
using XaiRouter.Grains.Abstractions.Vault;

namespace XaiRouter.Benchmarks;

/// <summary>
/// What an attempt derives from its provider key record (issue 16, item 5): the upstream <see cref="Uri"/>, the
/// account headers, the v2 AAD and the key's limit scopes. "per request" is how it was built before, on every
/// request; "per record version" is <see cref="ProviderKeyShape"/>, built once and looked up.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ProviderKeyShapeBenchmarks
{
    private readonly ProviderKeyRecord _record = new("TenantAAAAAAAAAAAAAAAA", "PkAAAAAAAAAAAAAAA", "upstream", ProviderKind.OpenAI, "https://api.openai.com/v1",
        ["gpt-4o"], "default", 1, 1, 0, new SealedSecret([], []), "xxxx", DateTimeOffset.UtcNow, Format: ProviderKeyFormat.BoundV2, Organization: "org-bench");

    [Benchmark(Baseline = true, Description = "per request: new Uri + account headers + AAD (length, write) + limit scopes")]
    public int PerRequest()
    {
        var uri = new Uri(_record.BaseUrl.TrimEnd('/') + "/chat/completions" + QueryString.Empty);
        var headers = ProviderAccountHeaders.Of(_record);
        Span<byte> aad = stackalloc byte[ProviderKeyBinding.StackLimit];
        var length = ProviderKeyBinding.Write(aad[..ProviderKeyBinding.Length(_record)], _record);
        var scopes = new List<LimitScope>();
        var scope = LimitScopes.ProviderKey(_record.Id);
        return uri.AbsoluteUri.Length + headers.Count + length + scopes.Count + scope.Length;
    }

    [Benchmark(Description = "per record version: ProviderKeyShape lookup")]
    public int PerRecordVersion()
    {
        var shape = ProviderKeyShape.Of(_record);
        var uri = shape.UpstreamUri("chat", "gpt-4o", QueryCollection.Empty);
        var scopes = LimitScopeBuilder.ForProviderKey(_record, "gpt-4o");
        return uri.AbsoluteUri.Length + shape.AccountHeaders.Length + shape.BoundAad!.Length + scopes.Count + shape.ScopeName.Length;
    }
}
