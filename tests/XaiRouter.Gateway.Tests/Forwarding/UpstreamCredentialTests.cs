using System.Text;

namespace XaiRouter.Gateway.Forwarding.Tests;

public sealed class UpstreamCredentialTests
{
    [Fact]
    public void Create_OpenAIAndAnthropic_UseTheirOwnSchemes()
    {
        Assert.Equal("Bearer sk-abc", UpstreamCredential.Create(ProviderKind.OpenAI, "sk-abc"u8));
        Assert.Equal("sk-ant-abc", UpstreamCredential.Create(ProviderKind.Anthropic, "sk-ant-abc"u8));
        Assert.Equal("Authorization", UpstreamCredential.HeaderName(ProviderKind.OpenAICompatible));
        Assert.Equal("x-api-key", UpstreamCredential.HeaderName(ProviderKind.Anthropic));
    }

    [Theory]
    [InlineData("sk-a\r\nX-Injected: 1")]
    [InlineData("sk-a\0b")]
    [InlineData("sk-é")]
    [InlineData("")]
    public void Create_NotPrintableAscii_IsRefused(string key) =>
        Assert.Null(UpstreamCredential.Create(ProviderKind.OpenAI, Encoding.UTF8.GetBytes(key)));

    [Fact]
    public void Wipe_CreatedValue_IsZeroedInPlace()
    {
        var value = UpstreamCredential.Create(ProviderKind.OpenAI, "sk-wipe-me"u8)!;

        UpstreamCredential.Wipe(value);

        Assert.All(value, c => Assert.Equal('\0', c));
    }
}
