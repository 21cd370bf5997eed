using System.Text;

namespace XaiRouter.Gateway.Security.Tests;

/// <summary>
/// Nothing usable at rest, and nothing for the operator: every secret the vault handled is a unique marker, and
/// neither the data directory (SQLite file, WAL, token file), the logs, nor any operator API answer holds one, in
/// UTF-8, UTF-16 or base64. The claim tokens (which the operator hands on, so its answers hold them) and the
/// pepper are never in the data directory or the logs either.
/// </summary>
public sealed class AtRestMarkerScanTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new() { GenerateToken = true };
    private readonly List<string> _markers = [];
    private readonly List<string> _notAtRest = [GatewayFactory.TestPepper];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DataDirectoryLogsAndOperatorApi_AfterVaultTraffic_HoldNoMarker()
    {
        var operatorAnswers = new StringBuilder();
        foreach (var name in new[] { "first", "second" })
        {
            using var operatorClient = _factory.CreateOperatorClient();
            using var created = await operatorClient.PostAsJsonAsync("/admin/tenants", new { name }, Cancellation);
            var createdAnswer = await created.Content.ReadAsStringAsync(Cancellation);
            var tenantId = JsonDocument.Parse(createdAnswer).RootElement.GetProperty("id").GetString()!;
            using var reissued = await operatorClient.PostAsync($"/admin/tenants/{tenantId}/claim-token", null, Cancellation);
            var reissuedAnswer = await reissued.Content.ReadAsStringAsync(Cancellation);
            var claimToken = JsonDocument.Parse(reissuedAnswer).RootElement.GetProperty("claim_token").GetString()!;
            _notAtRest.Add(JsonDocument.Parse(createdAnswer).RootElement.GetProperty("claim_token").GetString()!);
            _notAtRest.Add(claimToken);
            operatorAnswers.Append(createdAnswer).Append(reissuedAnswer);
            using var claimer = _factory.CreateClient();
            using var tenant = TenantSession.FromKey(_factory, tenantId, await TenantSession.ClaimAsync(claimer, claimToken));
            _markers.Add(tenant.Key);
            var providerKey = $"sk-marker-provider-{name}-{Guid.NewGuid():N}";
            _markers.Add(providerKey);
            var id = (await tenant.CreateProviderKeyAsync(providerKey)).GetProperty("id").GetString()!;

            var patched = $"sk-marker-patched-{name}-{Guid.NewGuid():N}";
            _markers.Add(patched);
            (await tenant.Client.PatchAsJsonAsync($"/x/provider-keys/{id}", new { api_key = patched }, Cancellation)).EnsureSuccessStatusCode();
            (await tenant.Client.PostAsJsonAsync("/x/pools", new { name = "prod" }, Cancellation)).EnsureSuccessStatusCode();
            var inProd = $"sk-marker-prod-{name}-{Guid.NewGuid():N}";
            _markers.Add(inProd);
            await tenant.CreateProviderKeyAsync(inProd, pool: "prod");
            (await tenant.Client.PostAsync("/x/pools/prod/rekey", null, Cancellation)).EnsureSuccessStatusCode();

            var passphrase = $"marker passphrase {name} {Guid.NewGuid():N}";
            _markers.Add(passphrase);
            (await tenant.Client.PostAsJsonAsync("/x/passphrase", new { passphrase }, Cancellation)).EnsureSuccessStatusCode();
            using var anonymous = _factory.CreateClient();
            using var session = await anonymous.PostAsJsonAsync("/x/session", new { tenant = tenant.Id, passphrase }, Cancellation);
            _markers.Add((await session.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!);

            using var rotated = await tenant.Client.PostAsync("/x/keys/self/rotate", null, Cancellation);
            _markers.Add((await rotated.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("key").GetString()!);

            operatorAnswers.Append(await operatorClient.GetStringAsync("/admin/tenants", Cancellation));
            operatorAnswers.Append(await operatorClient.GetStringAsync($"/admin/tenants/{tenant.Id}", Cancellation));
            operatorAnswers.Append(await (await operatorClient.PostAsync($"/admin/tenants/{tenant.Id}/disable", null, Cancellation)).Content.ReadAsStringAsync(Cancellation));
            operatorAnswers.Append(await (await operatorClient.GetAsync("/x/provider-keys", Cancellation)).Content.ReadAsStringAsync(Cancellation));
        }

        // The data directory while the Gateway runs (WAL included) and after it stopped (checkpointed).
        var dataDirectory = _factory.Data.Path;
        var operatorToken = _factory.OperatorToken;
        var running = Directory.GetFiles(dataDirectory, "*", SearchOption.AllDirectories);
        var scanned = running.Select(ReadShared).ToList();
        var logs = string.Join('\n', _factory.Logs.Messages);
        await _factory.DisposeAsync(leaveData: true);
        scanned.AddRange(Directory.GetFiles(dataDirectory, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes));
        scanned.Add(Encoding.UTF8.GetBytes(logs));
        var atRest = scanned.ToList();
        scanned.Add(Encoding.UTF8.GetBytes(operatorAnswers.ToString()));
        Directory.Delete(dataDirectory, recursive: true);

        Assert.Contains(running, f => f.EndsWith("xai-router.db-wal", StringComparison.Ordinal));
        Assert.Contains(running, f => f.EndsWith("operator-token", StringComparison.Ordinal));
        Assert.Equal(14, _markers.Count);

        // Positive control: the scan does find a secret that is stored on purpose (the operator token's own file).
        Assert.Contains(scanned, bytes => Contains(bytes, Encoding.UTF8.GetBytes(operatorToken)));
        var hits = (from marker in _markers from form in Forms(marker) from bytes in scanned where Contains(bytes, form) select marker).Distinct().ToList();
        Assert.Empty(hits);
        Assert.Equal(5, _notAtRest.Count);
        Assert.Empty((from marker in _notAtRest from form in Forms(marker) from bytes in atRest where Contains(bytes, form) select marker).Distinct());
        Assert.DoesNotMatch("sk-Xvs[0-9A-Za-z]{66}", operatorAnswers.ToString());
    }

    /// <summary>The marker as UTF-8, UTF-16LE, and base64 of its UTF-8 at each of the three alignments.</summary>
    private static IEnumerable<byte[]> Forms(string marker)
    {
        var utf8 = Encoding.UTF8.GetBytes(marker);
        yield return utf8;
        yield return Encoding.Unicode.GetBytes(marker);
        for (var offset = 0; offset < 3; offset++)
        {
            var encoded = Convert.ToBase64String([.. new byte[offset], .. utf8]);
            var start = (offset + 2) / 3 * 4;
            var end = (offset + utf8.Length) / 3 * 4;
            yield return Encoding.ASCII.GetBytes(encoded[start..end]);
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
