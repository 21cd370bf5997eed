using System.Text;
using XaiRouter.Gateway.Forwarding;
using XaiRouter.Gateway.ProviderKeys;

namespace XaiRouter.Gateway.Vault.Tests;

/// <summary>
/// Issue 15: a provider key's account headers (organization, project) are bound by the v2 AAD's header template,
/// so whoever can write the record cannot make the router send others.
/// </summary>
public sealed class ProviderAccountBindingTests
{
    private const string ProviderKeyText = "sk-account-binding-0123456789";

    private static readonly byte[] PoolKey = [.. Enumerable.Range(0x40, 32).Select(b => (byte)b)];

    private static ProviderKeyRecord Unsealed(string? organization = null, string? project = null, ProviderKind provider = ProviderKind.OpenAI) =>
        new("T3nantAccountBinding00", "PkAccountBinding0", "account", provider, "https://api.openai.com/v1", ["m"], "default", 1, 1, 0,
            new SealedSecret([], []), "6789", DateTimeOffset.UnixEpoch, Organization: organization, Project: project);

    [Theory]
    [InlineData(null, null, "")]
    [InlineData("", "", "")]
    [InlineData("org-a", null, "openai-organization: org-a")]
    [InlineData(null, "proj_b", "openai-project: proj_b")]
    [InlineData("org-a", "proj_b", "openai-organization: org-a\nopenai-project: proj_b")]
    public void HeaderTemplate_IsSortedLowerCaseLines_EmptyWhenNone(string? organization, string? project, string expected) =>
        Assert.Equal(expected, ProviderKeyBinding.HeaderTemplate(Unsealed(organization, project)));

    [Theory]
    [InlineData("org-attacker", "proj_b")]
    [InlineData(null, "proj_b")]
    [InlineData("org-a", null)]
    [InlineData("org-a", "proj_attacker")]
    public void EditedAccountHeaders_NoLongerDecrypt(string? organization, string? project)
    {
        var record = ProviderKeyCipher.Seal(PoolKey, Unsealed("org-a", "proj_b"), Encoding.UTF8.GetBytes(ProviderKeyText));

        using var unlock = ProviderKeyCipher.OpenForSending(PoolKey, record);
        using var edited = ProviderKeyCipher.OpenForSending(PoolKey, record with { Organization = organization, Project = project });

        Assert.Equal(ProviderKeyText, Encoding.UTF8.GetString(unlock.Plaintext!.Span));
        Assert.Equal(ProviderKeyRefusal.BindingFailed, edited.Refusal);
    }

    [Fact]
    public void RecordWithoutAccountHeaders_KeepsTheAadItWasSealedWith()
    {
        // Sealed before the template had content: the AAD's last field is still empty, so old ciphertexts open.
        var record = ProviderKeyCipher.Seal(PoolKey, Unsealed(), Encoding.UTF8.GetBytes(ProviderKeyText));
        var aad = new byte[ProviderKeyBinding.Length(record)];
        ProviderKeyBinding.Write(aad, record);

        Assert.Equal([0, 0, 0, 0], aad[^4..]);
        using var opened = ProviderKeyCipher.Open(PoolKey, record);
        Assert.NotNull(opened);
    }

    [Fact]
    public void LegacyRecord_AtTheOfficialUrl_WithAccountHeadersAdded_IsRefused()
    {
        // A v1 AAD binds no header template: account headers on such a record can only be a storage edit's.
        var legacy = Unsealed("org-attacker") with
        {
            Format = ProviderKeyFormat.LegacyV1,
            Key = ProviderKeyCipher.SealLegacy(PoolKey, "T3nantAccountBinding00", "PkAccountBinding0", "default", 1, Encoding.UTF8.GetBytes(ProviderKeyText)),
        };

        using var unlock = ProviderKeyCipher.OpenForSending(PoolKey, legacy);
        using var clean = ProviderKeyCipher.OpenForSending(PoolKey, legacy with { Organization = null });

        Assert.Equal(ProviderKeyRefusal.UnboundDestination, unlock.Refusal);
        Assert.Equal(ProviderKeyRefusal.None, clean.Refusal);
        Assert.Equal(ProviderKeyFormat.LegacyV1, ProviderKeyCipher.Reseal(PoolKey, legacy, Encoding.UTF8.GetBytes(ProviderKeyText)).Format);
    }

    [Theory]
    [InlineData("org-ok", null)]
    [InlineData("", null)]
    [InlineData("org\r\nX-Injected: 1", "printable ASCII")]
    [InlineData("org-\u00e9", "printable ASCII")]
    [InlineData(" org", "printable ASCII")]
    [InlineData("org\0", "printable ASCII")]
    public void Validate_AccountHeaderValues(string value, string? problem)
    {
        var found = ProviderAccountHeaders.Validate(value, "organization");

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_TooLongValue_IsRefused() =>
        Assert.Contains("longer than", ProviderAccountHeaders.Validate(new string('a', ProviderAccountHeaders.MaxValueLength + 1), "project"), StringComparison.Ordinal);

    [Fact]
    public void HeaderTemplateVector_MatchesThePythonImplementation()
    {
        var path = Path.Combine(RepositoryPaths.Root, "Gateway", "Vault", "test-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var vector = document.RootElement.GetProperty("provider_key_header_template");
        var input = vector.GetProperty("inputs");
        var output = vector.GetProperty("outputs");
        Assert.True(ProviderNames.TryParse(input.GetProperty("provider").GetString(), out var provider));
        var unsealed = new ProviderKeyRecord(Text(input, "tenant"), Text(input, "provider_key_id"), "vector", provider, Text(input, "base_url"), ["m"],
            Text(input, "pool"), input.GetProperty("version").GetInt32(), 1, 0, new SealedSecret([], []), "ekey", DateTimeOffset.UnixEpoch,
            Organization: Text(input, "organization"), Project: Text(input, "project"));
        var aad = new byte[ProviderKeyBinding.Length(unsealed)];

        ProviderKeyBinding.Write(aad, unsealed);
        var record = ProviderKeyCipher.Seal(Hex(input, "pool_key_hex"), Hex(input, "nonce_hex"), unsealed, Encoding.UTF8.GetBytes(Text(input, "provider_key_utf8")));
        using var opened = ProviderKeyCipher.Open(Hex(input, "pool_key_hex"), record);

        Assert.Equal(Text(input, "auth_scheme"), ProviderAuthScheme.For(provider).Name);
        Assert.Equal(Text(output, "header_template"), ProviderKeyBinding.HeaderTemplate(unsealed));
        Assert.Equal(Text(output, "aad_hex"), Convert.ToHexStringLower(aad));
        Assert.Equal(Text(output, "sealed_hex"), Convert.ToHexStringLower(record.Key.Ciphertext));
        Assert.Equal(Text(input, "provider_key_utf8"), Encoding.UTF8.GetString(opened!.Span));
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static byte[] Hex(JsonElement element, string property) => Convert.FromHexString(Text(element, property));
}
