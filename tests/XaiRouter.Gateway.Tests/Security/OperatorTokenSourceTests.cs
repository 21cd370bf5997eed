using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting;
using XaiRouter.Grains.Hosting;

namespace XaiRouter.Gateway.Security.Tests;

public sealed class OperatorTokenSourceTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly CapturingLoggerProvider _logs = new();

    private string TokenFile => _data.Combine("operator-token");

    [Fact]
    public void CreateVerifier_NoTokenConfigured_GeneratesOwnerOnlyBase62File()
    {
        var verifier = NewSource(token: null).CreateVerifier();

        var token = File.ReadAllText(TokenFile);
        Assert.Matches("^[0-9A-Za-z]{43}$", token);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile));
        Assert.True(verifier.Verify("Bearer " + token));
    }

    [Fact]
    public void CreateVerifier_SecondStart_ReusesTheFile()
    {
        NewSource(token: null).CreateVerifier();
        var token = File.ReadAllText(TokenFile);

        var second = NewSource(token: null).CreateVerifier();

        Assert.Equal(token, File.ReadAllText(TokenFile));
        Assert.True(second.Verify("Bearer " + token));
    }

    [Fact]
    public void CreateVerifier_Generated_LogsThePathButNeverTheToken()
    {
        NewSource(token: null).CreateVerifier();
        NewSource(token: null).CreateVerifier();

        var token = File.ReadAllText(TokenFile);
        Assert.Contains(_logs.Messages, message => message.Contains(TokenFile, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Messages, message => message.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public void CreateVerifier_TokenConfigured_UsesItAndWritesNoFile()
    {
        const string configured = "configured-operator-token-abcdefghij";

        var verifier = NewSource(configured).CreateVerifier();

        Assert.True(verifier.Verify("Bearer " + configured));
        Assert.False(File.Exists(TokenFile));
        Assert.DoesNotContain(_logs.Messages, message => message.Contains(configured, StringComparison.Ordinal));
    }

    [Fact]
    public void CreateVerifier_TruncatedTokenFile_RefusesToStart()
    {
        File.WriteAllText(TokenFile, "short");

        var failure = Assert.Throws<InvalidOperationException>(() => NewSource(token: null).CreateVerifier());

        Assert.Contains(TokenFile, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateVerifier_TokenFileOfAnOlderVersionReadableByOthers_IsRestrictedToTheOwner()
    {
        // An older version (or a hand-written file) left the operator token 0644: any local user could read it.
        File.WriteAllText(TokenFile, "an-operator-token-from-an-older-version-0123456789");
        File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        NewSource(token: null).CreateVerifier();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile));
        Assert.Contains(_logs.Messages, message => message.Contains(TokenFile, StringComparison.Ordinal) && message.Contains("other users", StringComparison.Ordinal));
    }

    public void Dispose() => _data.Dispose();

    private OperatorTokenSource NewSource(string? token)
    {
        var silo = new SiloSettings(new NodeOptions { DataDirectory = _data.Path }, new StorageOptions(), new ClusteringOptions());
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(_logs));
        return new OperatorTokenSource(Options.Create(new OperatorOptions { Token = token }), silo, factory.CreateLogger<OperatorTokenSource>());
    }
}
