using Microsoft.Data.Sqlite;

namespace XaiRouter.Cluster.Tests;

/// <summary>The Gateway as a user runs it: a real process, started, stopped with SIGTERM and started again.</summary>
public sealed class GatewayProcessTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_SameDataDirectory_KeepsTenantsAndAppliesNoMigration()
    {
        var node = new GatewayNode(_data.Path);
        string acme, globex;
        await using (var first = node.Start())
        {
            await first.WaitStartedAsync(Cancellation);
            using var client = node.CreateOperatorClient();
            acme = await CreateTenantAsync(client, "Acme");
            globex = await CreateTenantAsync(client, "Globex");
            (await client.PostAsync($"/admin/tenants/{globex}/disable", null, Cancellation)).EnsureSuccessStatusCode();

            first.Terminate();
            Assert.Equal(0, await first.WaitForExitAsync(Cancellation));
            // Every SQLite migration of the repository, so a new one does not need this test changed.
            var migrations = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "Grains", "Storage", "Migrations", "sqlite"), "*.sql").Length;
            Assert.Contains($"{migrations} migration(s) applied now", first.Output, StringComparison.Ordinal);
        }

        await using var second = node.Start();
        await second.WaitStartedAsync(Cancellation);
        using var again = node.CreateOperatorClient();
        var list = await again.GetFromJsonAsync<JsonElement>("/admin/tenants", Cancellation);

        var tenants = list.GetProperty("data").EnumerateArray()
            .ToDictionary(t => t.GetProperty("id").GetString()!, t => (Name: t.GetProperty("name").GetString(), Status: t.GetProperty("status").GetString()));
        Assert.Equal(("Acme", "active"), tenants[acme]);
        Assert.Equal(("Globex", "disabled"), tenants[globex]);
        Assert.Equal(2, tenants.Count);
        Assert.Contains("0 migration(s) applied now", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(Path.Combine(_data.Path, "operator-token")), second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoConfiguration_ServesHealthAndGeneratesOwnerOnlyToken()
    {
        var node = new GatewayNode(_data.Path);
        await using var gateway = node.Start();
        await gateway.WaitStartedAsync(Cancellation);
        using var client = new HttpClient { BaseAddress = node.BaseAddress };

        using var healthz = await client.GetAsync("/healthz", Cancellation);
        using var readyz = await client.GetAsync("/readyz", Cancellation);

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
        var tokenFile = Path.Combine(_data.Path, "operator-token");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        Assert.Contains(tokenFile, gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(tokenFile), gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_RequestInFlight_CompletesBeforeTheSiloStops()
    {
        var node = new GatewayNode(_data.Path, "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information");
        await using var gateway = node.Start();
        await gateway.WaitStartedAsync(Cancellation);
        using var client = node.CreateOperatorClient();
        using var body = new GatedJsonContent("""{"name":"Dra""", """ined"}""");
        body.Headers.ContentType = new("application/json");

        // The request's headers and half its body are in; its handler waits for the rest.
        var pending = client.PostAsync("/admin/tenants", body, Cancellation);
        await body.FirstPartSent;
        await gateway.WaitForOutputAsync("Request starting HTTP/1.1 POST", Cancellation);
        gateway.Terminate();
        await gateway.WaitForOutputAsync("Application is shutting down...", Cancellation);
        body.Release();

        using var response = await pending;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString();
        Assert.Equal(0, await gateway.WaitForExitAsync(Cancellation));
        Assert.Equal("Drained", await ReadStoredTenantNameAsync(id!));
    }

    [Theory]
    [InlineData("--Storage:Provider", "mongo", "Storage:Provider")]
    [InlineData("--Cluster:SiloPort", "not-a-port", "Cluster:SiloPort")]
    [InlineData("--Operator:Token", "short", "Operator:Token")]
    public async Task Start_BadSetting_ExitsWithMessageNamingTheKey(string key, string value, string expected)
    {
        var node = new GatewayNode(_data.Path, key, value);
        await using var gateway = node.Start();

        var exitCode = await gateway.WaitForExitAsync(Cancellation);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, gateway.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "xai-router.db")), "nothing may be created before the configuration is valid");
    }

    [Fact]
    public async Task Start_DatabaseFromNewerVersion_RefusesWithClearMessage()
    {
        var database = Path.Combine(_data.Path, "xai-router.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync(Cancellation);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE xai_schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
                INSERT INTO xai_schema_migrations VALUES (1, '0001_grain_storage.sql', 'then'), (42, '0042_future.sql', 'later');
                """;
            await command.ExecuteNonQueryAsync(Cancellation);
        }

        var node = new GatewayNode(_data.Path);
        await using var gateway = node.Start();
        var exitCode = await gateway.WaitForExitAsync(Cancellation);

        Assert.Equal(3, exitCode);
        Assert.Contains("schema version 42", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("newer XaiRouter", gateway.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    private async Task<string?> ReadStoredTenantNameAsync(string tenantId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "xai-router.db")};Pooling=False");
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_extract(CAST(payload AS TEXT), '$.Name') FROM xai_grain_state WHERE state_name = 'tenant' AND key_string = $key";
        command.Parameters.AddWithValue("$key", "t:" + tenantId);
        return (string?)await command.ExecuteScalarAsync(Cancellation);
    }

    private static async Task<string> CreateTenantAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/admin/tenants", new { name }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }
}
