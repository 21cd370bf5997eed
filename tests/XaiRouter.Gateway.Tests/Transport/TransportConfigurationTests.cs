using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using XaiRouter.Grains.Hosting;
using XaiRouter.Grains.Transport;

namespace XaiRouter.Gateway.Transport.Tests;

/// <summary><c>Cluster:Tls:*</c> and <c>Cluster:UnsafeAllowPlaintextTransport</c>: read, checked, every problem named by its key.</summary>
public sealed class TransportConfigurationTests : IDisposable
{
    private const string Password = "pfx-password-never-echoed";

    private readonly TempDirectory _data = new();

    [Fact]
    public void RedisMode_WithoutTlsSettings_RefusesNamingTheSettings()
    {
        var failure = Assert.Throws<RouterConfigurationException>(() => Read(Redis()));

        var message = Assert.Single(failure.Failures);
        Assert.Contains("refuses to start without transport security", message, StringComparison.Ordinal);
        Assert.Contains("Cluster:Tls:CertificatePath", message, StringComparison.Ordinal);
        Assert.Contains("Cluster:UnsafeAllowPlaintextTransport", message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedisMode_UnsafeAllowPlaintextTransport_ReadsWithoutCredentials()
    {
        var settings = Read(Redis(("Cluster:UnsafeAllowPlaintextTransport", "true")));

        Assert.Null(settings.Credentials);
        Assert.False(File.Exists(_data.Combine(ClusterCredentials.GeneratedFileName)));
    }

    [Fact]
    public void RedisMode_PinnedCertificate_IsLoadedWithItsPassword()
    {
        using var certificate = TestCertificates.SelfSigned("CN=cluster node");
        var path = TestCertificates.WritePfx(certificate, _data.Combine("node.pfx"), Password);

        var settings = Read(Redis(("Cluster:Tls:CertificatePath", path), ("Cluster:Tls:CertificatePassword", Password)));

        Assert.Equal(certificate.Thumbprint, settings.Credentials!.Certificate.Thumbprint);
        Assert.True(settings.Credentials.Certificate.HasPrivateKey);
        Assert.Null(settings.Credentials.Authority);
        Assert.True(settings.Credentials.AcceptsPeer(certificate, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        using var other = TestCertificates.SelfSigned("CN=cluster node");
        Assert.False(settings.Credentials.AcceptsPeer(other, null, System.Net.Security.SslPolicyErrors.None));
    }

    [Fact]
    public void CaMode_AcceptsPeersTheCaIssued_RefusesOthers()
    {
        using var authority = TestCertificates.Authority();
        using var node = TestCertificates.IssuedBy(authority, "CN=node a");
        using var sibling = TestCertificates.IssuedBy(authority, "CN=node b");
        using var otherAuthority = TestCertificates.Authority("CN=another CA");
        using var stranger = TestCertificates.IssuedBy(otherAuthority, "CN=node b");

        var settings = Read(Redis(("Cluster:Tls:CertificatePath", TestCertificates.WritePfx(node, _data.Combine("a.pfx"))),
            ("Cluster:Tls:CaCertificatePath", TestCertificates.WritePem(authority, _data.Combine("ca.pem")))));

        Assert.True(settings.Credentials!.AcceptsPeer(sibling, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(settings.Credentials.AcceptsPeer(stranger, null, System.Net.Security.SslPolicyErrors.None));
        using var selfSigned = TestCertificates.SelfSigned("CN=node b");
        Assert.False(settings.Credentials.AcceptsPeer(selfSigned, null, System.Net.Security.SslPolicyErrors.None));
    }

    [Fact]
    public void BadTlsSettings_EachNamedByItsKey_PasswordNeverEchoed()
    {
        using var certificate = TestCertificates.SelfSigned();
        var failure = Assert.Throws<RouterConfigurationException>(() => Read(Redis(
            ("Cluster:Tls:CertificatePath", TestCertificates.WritePfx(certificate, _data.Combine("locked.pfx"), "the-right-one")),
            ("Cluster:Tls:CertificatePassword", Password),
            ("Cluster:Tls:CaCertificatePath", _data.Combine("missing-ca.pem")))));

        Assert.Equal(2, failure.Failures.Count);
        Assert.Contains(failure.Failures, message => message.StartsWith("Cluster:Tls:CertificatePath", StringComparison.Ordinal) && message.Contains("Cluster:Tls:CertificatePassword", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, message => message.StartsWith("Cluster:Tls:CaCertificatePath", StringComparison.Ordinal) && message.Contains("does not exist", StringComparison.Ordinal));
        Assert.DoesNotContain(Password, failure.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> ContradictorySettings => new()
    {
        { "Cluster:Tls:CertificatePassword", "x", "Cluster:Tls:CertificatePassword is set without Cluster:Tls:CertificatePath" },
        { "Cluster:Tls:CaCertificatePath", "/ca.pem", "Cluster:Tls:CaCertificatePath is set without Cluster:Tls:CertificatePath" },
        { "Cluster:Tls:CertificatePath", "/nowhere/node.pfx", "Cluster:UnsafeAllowPlaintextTransport=true contradicts Cluster:Tls:CertificatePath" },
        { "Cluster:UnsafeAllowPlaintextTransport", "perhaps", "Cluster:UnsafeAllowPlaintextTransport" },
    };

    [Theory]
    [MemberData(nameof(ContradictorySettings))]
    public void ShapeOfTheTlsSettings_IsChecked(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key == "Cluster:Tls:CertificatePath")
        {
            settings["Cluster:UnsafeAllowPlaintextTransport"] = "true";
        }

        var failure = Assert.Throws<RouterConfigurationException>(() => Read(settings));

        Assert.Contains(failure.Failures, message => message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Certificate_WithoutPrivateKeyOrWithServerUsageOnly_IsRefused()
    {
        using var certificate = TestCertificates.SelfSigned();
        var publicOnly = _data.Combine("public.pfx");
        File.WriteAllBytes(publicOnly, X509CertificateLoader.LoadCertificate(certificate.RawData).Export(X509ContentType.Pkcs12));
        using var authority = TestCertificates.Authority();
        using var serverOnly = TestCertificates.IssuedBy(authority, "CN=server only", ["1.3.6.1.5.5.7.3.1"]);

        var noKey = Assert.Throws<RouterConfigurationException>(() => Read(Redis(("Cluster:Tls:CertificatePath", publicOnly))));
        var wrongUsage = Assert.Throws<RouterConfigurationException>(() => Read(Redis(("Cluster:Tls:CertificatePath", TestCertificates.WritePfx(serverOnly, _data.Combine("server.pfx"))))));

        Assert.Contains("holds no private key", Assert.Single(noKey.Failures), StringComparison.Ordinal);
        Assert.Contains("must allow both server and client authentication", Assert.Single(wrongUsage.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_NotIssuedByTheConfiguredCa_IsRefused()
    {
        using var authority = TestCertificates.Authority();
        using var otherAuthority = TestCertificates.Authority("CN=another CA");
        using var node = TestCertificates.IssuedBy(otherAuthority, "CN=node");

        var failure = Assert.Throws<RouterConfigurationException>(() => Read(Redis(("Cluster:Tls:CertificatePath", TestCertificates.WritePfx(node, _data.Combine("n.pfx"))),
            ("Cluster:Tls:CaCertificatePath", TestCertificates.WritePem(authority, _data.Combine("ca.pem"))))));

        Assert.Contains("does not chain to Cluster:Tls:CaCertificatePath", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedMode_GeneratesOwnerOnlyCredentialsOnce_AndReusesThem()
    {
        var first = Read([]);
        var second = Read([]);

        var file = _data.Combine(ClusterCredentials.GeneratedFileName);
        Assert.True(first.Credentials!.Generated);
        Assert.False(second.Credentials!.Generated);
        Assert.Equal(first.Credentials.Certificate.Thumbprint, second.Credentials.Certificate.Thumbprint);
        Assert.Equal(OwnerOnlyFiles.FileMode, File.GetUnixFileMode(file));
        Assert.True(second.Credentials.Certificate.HasPrivateKey);
        Assert.Null(second.Credentials.Authority);
    }

    [Fact]
    public void EmbeddedMode_UnreadableCredentialsFile_FailsNamingIt()
    {
        File.WriteAllText(_data.Combine(ClusterCredentials.GeneratedFileName), "not a pfx");

        var failure = Assert.Throws<RouterConfigurationException>(() => Read([]));

        Assert.Contains("cluster-tls.pfx' cannot be read; delete the file", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void CaMode_ExpiredPeerOrOneSignedByANodeCertificate_IsRefused()
    {
        using var authority = TestCertificates.Authority();
        using var node = TestCertificates.IssuedBy(authority, "CN=node a");
        var settings = Read(Redis(("Cluster:Tls:CertificatePath", TestCertificates.WritePfx(node, _data.Combine("a.pfx"))),
            ("Cluster:Tls:CaCertificatePath", TestCertificates.WritePem(authority, _data.Combine("ca.pem")))));

        // A node's own certificate (not a CA) used to sign one more: whoever stole one node's key must not mint peers.
        using var forgedKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=forged", forgedKey, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var nodeKey = node.GetECDsaPrivateKey()!;
        using var forged = request.Create(node.SubjectName, X509SignatureGenerator.CreateForECDsa(nodeKey),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), [1, 2, 3, 4]);
        using var presented = new X509Chain();
        presented.ChainPolicy.ExtraStore.Add(node);
        presented.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        presented.ChainPolicy.CustomTrustStore.Add(authority);
        presented.Build(forged);

        // A certificate the CA issued, expired yesterday.
        using var expiredKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var expiredRequest = new CertificateRequest("CN=retired node", expiredKey, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var authorityKey = authority.GetECDsaPrivateKey()!;
        using var expired = expiredRequest.Create(authority.SubjectName, X509SignatureGenerator.CreateForECDsa(authorityKey),
            DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddMinutes(-5), [5, 6, 7, 8]);

        Assert.False(settings.Credentials!.AcceptsPeer(forged, presented, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(settings.Credentials.AcceptsPeer(expired, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public async Task CaMode_PeerCertificateNamingAnIssuerUrl_MakesTheNodeFetchNothing()
    {
        using var authority = TestCertificates.Authority();
        using var node = TestCertificates.IssuedBy(authority, "CN=node a");
        var settings = Read(Redis(("Cluster:Tls:CertificatePath", TestCertificates.WritePfx(node, _data.Combine("a.pfx"))),
            ("Cluster:Tls:CaCertificatePath", TestCertificates.WritePem(authority, _data.Combine("ca.pem")))));

        // Anyone who can open a TCP connection to a silo port presents a certificate whose "CA issuers" URL points at a
        // host of their choosing (here a loopback listener counting connections): validating it must not fetch it.
        await using var trap = new IssuerUrlTrap();
        using var strangerAuthority = TestCertificates.Authority("CN=a stranger's CA");
        using var stranger = TestCertificates.NamingIssuerUrl(strangerAuthority, "CN=stranger", trap.Url);

        var accepted = settings.Credentials!.AcceptsPeer(stranger, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors);
        Assert.False(accepted);
        Assert.Equal(0, trap.Connections);
    }

    public void Dispose() => _data.Dispose();

    private static Dictionary<string, string?> Redis(params (string Key, string Value)[] settings)
    {
        var result = new Dictionary<string, string?> { ["Cluster:Provider"] = "redis", ["Cluster:Redis"] = "127.0.0.1:6379" };
        foreach (var (key, value) in settings)
        {
            result[key] = value;
        }

        return result;
    }

    private SiloSettings Read(Dictionary<string, string?> settings)
    {
        settings.TryAdd("DataDirectory", _data.Path);
        var reader = new ConfigurationReader(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var silo = SiloSettings.Read(reader);
        reader.ThrowIfInvalid();
        return silo;
    }
}
