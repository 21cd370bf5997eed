using System.Text;

namespace XaiRouter.Console.Tests;

/// <summary>The provider key form: api_key is write-only; the page keeps no copy of it, anywhere.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ProviderKeyTests(ConsoleFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddProviderKey_ThroughTheForm_OnlyTheFingerprintIsShown_NoCopyOfThePlaintextAnywhere()
    {
        var tenant = await fixture.CreateTenantAsync("Provider Form Co", Cancellation);
        var apiKey = "sk-console-" + Guid.NewGuid().ToString("N");
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.SignInWithPassphraseAsync(tenant);
        await console.NavigateAsync("Provider keys");

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Add provider key" }).ClickAsync();
        await console.Page.GetByLabel("Name", new() { Exact = true }).FillAsync("form-key");
        await console.Page.GetByLabel("Provider", new() { Exact = true }).SelectOptionAsync("openai-compatible");
        await console.Page.GetByLabel("Base URL", new() { Exact = true }).FillAsync(fixture.Upstream.BaseUrl);
        var apiKeyField = console.Page.GetByLabel("API key", new() { Exact = true });
        await Expect(apiKeyField).ToHaveAttributeAsync("type", "password");
        await Expect(apiKeyField).ToHaveAttributeAsync("autocomplete", "off");
        await apiKeyField.FillAsync(apiKey);
        await console.Page.GetByLabel("Models", new() { Exact = true }).FillAsync("gpt-4o-mini");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();

        var table = console.Page.GetByTestId("provider-keys-table");
        var row = table.GetByRole(AriaRole.Row).Filter(new() { HasText = "form-key" });
        await Expect(row).ToHaveCountAsync(1);
        await console.ReadyAsync();
        var stored = (await tenant.GetJsonAsync("/x/provider-keys", Cancellation)).GetProperty("data").EnumerateArray().Single();
        var fingerprint = stored.GetProperty("fingerprint").GetString()!;
        await Expect(row).ToContainTextAsync(fingerprint);
        await Expect(row.GetByTestId("health-badge")).ToHaveTextAsync(stored.GetProperty("health").GetProperty("state").GetString()!);

        // The field is cleared after submit, and neither the DOM (attributes and live values), nor storage, nor the URL keeps the key.
        Assert.DoesNotContain(apiKey, await console.FieldValuesAsync());
        Assert.DoesNotContain(apiKey, await console.Page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(apiKey, await console.Page.EvaluateAsync<string>("() => document.documentElement.innerText"), StringComparison.Ordinal);
        Assert.DoesNotContain(apiKey, await console.Page.EvaluateAsync<string>("() => JSON.stringify(Object.entries(sessionStorage)) + JSON.stringify(Object.entries(localStorage))"), StringComparison.Ordinal);
        Assert.DoesNotContain(apiKey, console.Page.Url, StringComparison.Ordinal);

        // The network log: the plaintext went out once, in the body of the POST that added it, and came back nowhere.
        var carriers = new List<string>();
        foreach (var exchange in console.Exchanges)
        {
            Assert.DoesNotContain(apiKey, exchange.Request.Url, StringComparison.Ordinal);
            if (exchange.Request.PostData?.Contains(apiKey, StringComparison.Ordinal) == true)
            {
                carriers.Add($"{exchange.Request.Method} {new Uri(exchange.Request.Url).AbsolutePath}");
            }

            if (await exchange.Body is { } body)
            {
                Assert.DoesNotContain(apiKey, Encoding.UTF8.GetString(body), StringComparison.Ordinal);
            }

            if (exchange.Response is { } response)
            {
                Assert.DoesNotContain(apiKey, string.Join("\n", (await response.AllHeadersAsync()).Values), StringComparison.Ordinal);
            }
        }

        Assert.Equal(["POST /x/provider-keys"], carriers);
    }
}
