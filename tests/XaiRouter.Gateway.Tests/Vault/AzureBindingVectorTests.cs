using System.Collections.Immutable;
using System.Text;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.ProviderKeys;

namespace XaiRouter.Gateway.Vault.Tests;

/// <summary>
/// Issue 17: an <c>azure-openai</c> key's api-version and deployments are bound in its v2 AAD (route lines appended to
/// the header template), checked against the independent Python implementation (<c>bound_provider_key_azure</c>),
/// while every other kind's AAD stays byte-identical.
/// </summary>
public sealed class AzureBindingVectorTests
{
    [Fact]
    public void AzureVector_MatchesThePythonImplementation()
    {
        var path = Path.Combine(RepositoryPaths.Root, "Gateway", "Vault", "test-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var vector = document.RootElement.GetProperty("bound_provider_key_azure");
        var input = vector.GetProperty("inputs");
        var output = vector.GetProperty("outputs");
        Assert.True(ProviderNames.TryParse(Text(input, "provider"), out var provider));
        var deployments = input.GetProperty("deployments").EnumerateObject().ToImmutableDictionary(p => p.Name, p => p.Value.GetString()!);
        var unsealed = new ProviderKeyRecord(Text(input, "tenant"), Text(input, "provider_key_id"), "vector", provider, Text(input, "base_url"),
            [.. input.GetProperty("models").EnumerateArray().Select(m => m.GetString()!)], Text(input, "pool"), input.GetProperty("version").GetInt32(), 1, 0,
            new SealedSecret([], []), "cdef", DateTimeOffset.UnixEpoch, ApiVersion: Text(input, "api_version"), Deployments: deployments);
        var aad = new byte[ProviderKeyBinding.Length(unsealed)];

        ProviderKeyBinding.Write(aad, unsealed);
        var record = ProviderKeyCipher.Seal(Hex(input, "pool_key_hex"), Hex(input, "nonce_hex"), unsealed, Encoding.UTF8.GetBytes(Text(input, "provider_key_utf8")));
        using var opened = ProviderKeyCipher.Open(Hex(input, "pool_key_hex"), record);
        using var edited = ProviderKeyCipher.Open(Hex(input, "pool_key_hex"), record with { Deployments = deployments.SetItem("gpt-4o", "attacker") });
        using var otherVersion = ProviderKeyCipher.Open(Hex(input, "pool_key_hex"), record with { ApiVersion = "2023-05-15" });

        Assert.Equal(ProviderKind.AzureOpenAI, provider);
        Assert.Equal(Text(input, "auth_scheme"), ProviderAuthScheme.For(provider).Name);
        Assert.Equal(Text(output, "header_template"), ProviderKeyBinding.HeaderTemplate(unsealed));
        Assert.Equal(Text(output, "aad_hex"), Convert.ToHexStringLower(aad));
        Assert.Equal(Text(output, "sealed_hex"), Convert.ToHexStringLower(record.Key.Ciphertext));
        Assert.Equal(Text(input, "provider_key_utf8"), Encoding.UTF8.GetString(opened!.Span));
        Assert.Null(edited);
        Assert.Null(otherVersion);
    }

    [Theory]
    [InlineData(ProviderKind.OpenAI)]
    [InlineData(ProviderKind.OpenAICompatible)]
    [InlineData(ProviderKind.Anthropic)]
    [InlineData(ProviderKind.Gemini)]
    public void OtherKinds_BindNoRouteLines_EvenWithAzureFieldsOnTheRecord(ProviderKind kind)
    {
        var plain = new ProviderKeyRecord("T3nantTestVector000000", "PkIdTestVector000", "n", kind, "https://llm.example/v1", ["m"], "default", 1, 1, 0,
            new SealedSecret([], []), "f", DateTimeOffset.UnixEpoch, Format: ProviderKeyFormat.BoundV2);
        var withAzureFields = plain with { ApiVersion = "2024-10-21", Deployments = ImmutableDictionary<string, string>.Empty.Add("m", "d") };
        var before = new byte[ProviderKeyBinding.Length(plain)];
        var after = new byte[ProviderKeyBinding.Length(withAzureFields)];

        ProviderKeyBinding.Write(before, plain);
        ProviderKeyBinding.Write(after, withAzureFields);

        Assert.Equal("", ProviderKeyBinding.HeaderTemplate(withAzureFields));
        Assert.Equal(before, after);
        var rules = ProviderKindRules.For(kind);
        Assert.Null(rules.Deployment(withAzureFields, "m"));
        Assert.DoesNotContain("deployments", rules.Url(withAzureFields, "chat", null), StringComparison.Ordinal);
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static byte[] Hex(JsonElement element, string property) => Convert.FromHexString(Text(element, property));
}
