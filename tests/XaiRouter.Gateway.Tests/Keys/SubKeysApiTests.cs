using System.Text;

namespace XaiRouter.Gateway.Keys.Tests;

[Collection(GatewayCollection.Name)]
public sealed class SubKeysApiTests(GatewayFactory factory)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_NarrowKey_Returns201WithPolicyAndTheKeyOnce()
    {
        using var tenant = await TenantSession.CreateAsync(factory);

        var created = await CreateKeyAsync(tenant.Client, new
        {
            name = "app", pools = new[] { "default" }, models = new[] { "gpt-4o*", "text-embedding-3-small" }, endpoints = new[] { "chat", "models" },
            ips = new[] { "203.0.113.0/24", "2001:db8::/32" }, expires_at = "2099-01-01T00:00:00Z", limits = new { rpm = 10 }, budget = new { monthly_usd = 5 },
        });
        var id = created.GetProperty("id").GetString()!;
        var read = await tenant.Client.GetFromJsonAsync<JsonElement>($"/x/keys/{id}", Cancellation);
        var list = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/keys", Cancellation);

        Assert.StartsWith("sk-Xvs", created.GetProperty("key").GetString(), StringComparison.Ordinal);
        Assert.False(read.TryGetProperty("key", out _));
        Assert.Equal(["gpt-4o*", "text-embedding-3-small"], read.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(["203.0.113.0/24", "2001:db8::/32"], read.GetProperty("ips").EnumerateArray().Select(m => m.GetString()));
        Assert.False(read.GetProperty("manage").GetBoolean());
        Assert.Equal(10, read.GetProperty("limits").GetProperty("rpm").GetInt32());
        Assert.Equal(id, list.GetProperty("data").EnumerateArray().Single().GetProperty("id").GetString());
    }

    public static TheoryData<string, string> WiderRequests => new()
    {
        { """{"pools":["b"]}""", "pools" },
        { """{"models":["gpt-4*"]}""", "models" },
        { """{"models":["*"]}""", "models" },
        { """{"endpoints":["chat","embeddings"]}""", "endpoints" },
        { """{"ips":["203.0.0.0/16"]}""", "ips" },
        { """{"ips":["198.51.100.0/24"]}""", "ips" },
        { """{"expires_at":"2100-01-01T00:00:00Z"}""", "expires_at" },
    };

    [Theory]
    [MemberData(nameof(WiderRequests))]
    public async Task Create_WiderThanTheCaller_Is400NamingTheField(string body, string field)
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        (await tenant.Client.PostAsJsonAsync("/x/pools", new { name = "b" }, Cancellation)).EnsureSuccessStatusCode();
        var parent = await CreateKeyAsync(tenant.Client, new
        {
            pools = new[] { "default" }, models = new[] { "gpt-4o*" }, endpoints = new[] { "chat" }, ips = new[] { "203.0.113.0/24" },
            expires_at = "2099-01-01T00:00:00Z", manage = true,
        });
        using var parentClient = factory.CreateClientWithKey(parent.GetProperty("key").GetString()!, peer: "203.0.113.5");
        await CreateKeyAsync(parentClient, new { manage = false });

        using var response = await parentClient.PostAsync("/x/keys", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"'{field}'", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"pools":["missing"]}""", "pools")]
    [InlineData("""{"models":["gpt*4"]}""", "models")]
    [InlineData("""{"endpoints":["admin"]}""", "endpoints")]
    [InlineData("""{"ips":["not-an-ip"]}""", "ips")]
    [InlineData("""{"expires_at":"2001-01-01T00:00:00Z"}""", "expires_at")]
    [InlineData("""{"limits":[1]}""", "limits")]
    [InlineData("""{"limits":{"rpn":3}}""", "limits.rpn")]
    [InlineData("""{"limits":{"rpm":0}}""", "limits.rpm")]
    [InlineData("""{"limits":{"tpm":1.5}}""", "limits.tpm")]
    [InlineData("""{"limits":{"concurrency":"4"}}""", "limits.concurrency")]
    [InlineData("""{"limits":{"per_model":{"gpt*4":{"rpm":1}}}}""", "limits.per_model")]
    [InlineData("""{"limits":{"per_model":{"gpt-4o":{"per_model":{}}}}}""", "limits.per_model.gpt-4o.per_model")]
    [InlineData("""{"budget":[1]}""", "budget")]
    [InlineData("""{"budget":{"credit_usd":-1}}""", "budget.credit_usd")]
    [InlineData("""{"budget":{"monthly_usd":5,"monthly_mode":"maybe"}}""", "budget.monthly_mode")]
    [InlineData("""{"budget":{"credit_expires_at":"2099-01-01T00:00:00Z"}}""", "budget.credit_expires_at")]
    [InlineData("""{"budget":{"daily_usd":1}}""", "budget.daily_usd")]
    [InlineData("""{"name":""}""", "name")]
    public async Task Create_MalformedField_Is400AndStoresNothing(string body, string field)
    {
        using var tenant = await TenantSession.CreateAsync(factory);

        using var response = await tenant.Client.PostAsync("/x/keys", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);
        var list = await tenant.Client.GetFromJsonAsync<JsonElement>("/x/keys", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"'{field}'", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(list.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task ThreeLevels_RevokingTheMiddleKey_DisablesTheLeaf()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var middle = await CreateKeyAsync(tenant.Client, new { manage = true });
        using var middleClient = factory.CreateClientWithKey(middle.GetProperty("key").GetString()!);
        var leaf = await CreateKeyAsync(middleClient, new { models = new[] { "gpt-4o" } });
        using var leafClient = factory.CreateClientWithKey(leaf.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await leafClient.GetAsync("/v1/models", Cancellation)).StatusCode);

        using var revoke = await tenant.Client.DeleteAsync($"/x/keys/{middle.GetProperty("id").GetString()}", Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await leafClient.GetAsync("/v1/models", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await middleClient.GetAsync("/x/keys", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Rotate_SubKey_NewSecretSamePolicyOldRefused()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var created = await CreateKeyAsync(tenant.Client, new { models = new[] { "gpt-4o" } });
        var id = created.GetProperty("id").GetString();
        using var oldClient = factory.CreateClientWithKey(created.GetProperty("key").GetString()!);

        using var response = await tenant.Client.PostAsync($"/x/keys/{id}/rotate", null, Cancellation);
        var rotated = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        using var newClient = factory.CreateClientWithKey(rotated.GetProperty("key").GetString()!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, rotated.GetProperty("id").GetString());
        Assert.Equal(["gpt-4o"], rotated.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldClient.GetAsync("/v1/models", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync("/v1/models", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Patch_NarrowThenWidenWithinTheCaller_AndAddingAPoolReissuesTheKey()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        (await tenant.Client.PostAsJsonAsync("/x/pools", new { name = "b" }, Cancellation)).EnsureSuccessStatusCode();
        var created = await CreateKeyAsync(tenant.Client, new { pools = new[] { "default" } });
        var id = created.GetProperty("id").GetString();

        using var narrowed = await tenant.Client.PatchAsJsonAsync($"/x/keys/{id}", new { models = new[] { "gpt-4o" } }, Cancellation);
        using var widened = await tenant.Client.PatchAsJsonAsync($"/x/keys/{id}", new { models = new[] { "gpt-4o", "gpt-4.1" }, pools = new[] { "default", "b" } }, Cancellation);
        var body = await widened.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        Assert.False((await narrowed.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).TryGetProperty("key", out _));
        Assert.Equal(HttpStatusCode.OK, widened.StatusCode);
        Assert.Equal(["default", "b"], body.GetProperty("pools").EnumerateArray().Select(p => p.GetString()));
        Assert.StartsWith("sk-Xvs", body.GetProperty("key").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClientWithKey(created.GetProperty("key").GetString()!).GetAsync("/v1/models", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task OtherTenant_CannotReadPatchRevokeOrRotateKeys()
    {
        using var a = await TenantSession.CreateAsync(factory, "A");
        using var b = await TenantSession.CreateAsync(factory, "B");
        var id = (await CreateKeyAsync(a.Client, new { })).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.GetAsync($"/x/keys/{id}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.PatchAsJsonAsync($"/x/keys/{id}", new { name = "x" }, Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.DeleteAsync($"/x/keys/{id}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.PostAsync($"/x/keys/{id}/rotate", null, Cancellation)).StatusCode);
        Assert.Empty((await b.Client.GetFromJsonAsync<JsonElement>("/x/keys", Cancellation)).GetProperty("data").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync($"/x/keys/{id}", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task SiblingKeys_CannotSeeEachOther()
    {
        using var tenant = await TenantSession.CreateAsync(factory);
        var first = await CreateKeyAsync(tenant.Client, new { manage = true });
        var second = await CreateKeyAsync(tenant.Client, new { manage = true });
        using var firstClient = factory.CreateClientWithKey(first.GetProperty("key").GetString()!);

        Assert.Equal(HttpStatusCode.NotFound, (await firstClient.GetAsync($"/x/keys/{second.GetProperty("id").GetString()}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await firstClient.DeleteAsync($"/x/keys/{second.GetProperty("id").GetString()}", Cancellation)).StatusCode);
    }

    public static async Task<JsonElement> CreateKeyAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/x/keys", body, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
