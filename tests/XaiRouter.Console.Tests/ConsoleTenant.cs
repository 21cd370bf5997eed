using System.ClientModel;
using System.Net.Http.Headers;
using OpenAI;
using OpenAI.Chat;

namespace XaiRouter.Console.Tests;

/// <summary>A claimed tenant of the test Gateway, with its root key and the passphrase set for console sign-in.</summary>
public sealed record ConsoleTenant(Uri BaseAddress, string Id, string Name, string RootKey, string Passphrase)
{
    /// <summary>A client of the management API authenticated with the root key.</summary>
    public HttpClient CreateClient() => new()
    {
        BaseAddress = BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", RootKey) },
    };

    /// <summary>Adds a provider key of kind openai-compatible pointing at <paramref name="upstream"/>; returns its id.</summary>
    public async Task<string> AddProviderKeyAsync(FakeUpstream upstream, string name, IEnumerable<string> models, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/x/provider-keys", new
        {
            name,
            provider = "openai-compatible",
            base_url = upstream.BaseUrl,
            api_key = "sk-upstream-" + Guid.NewGuid().ToString("N"),
            models,
        }, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
    }

    /// <summary>Sends <paramref name="count"/> chat completions for <paramref name="model"/> through /v1 with the official OpenAI SDK.</summary>
    public async Task SendChatAsync(string model, int count, CancellationToken cancellationToken, string? key = null)
    {
        var chat = ChatClientFor(model, key ?? RootKey);
        for (var i = 0; i < count; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage("Hello from the console tests")], cancellationToken: cancellationToken);
        }
    }

    /// <summary>The HTTP status /v1 answers one chat completion sent with <paramref name="key"/> (200 when it succeeds).</summary>
    public async Task<int> ChatStatusAsync(string model, string key, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ChatClientFor(model, key).CompleteChatAsync([new UserChatMessage("Hello")], cancellationToken: cancellationToken);
            return result.GetRawResponse().Status;
        }
        catch (ClientResultException refused)
        {
            return refused.Status;
        }
    }

    /// <summary>GET of a management route with the root key, as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>PUT of a management route with the root key.</summary>
    public async Task PutJsonAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        using var response = await client.PutAsJsonAsync(path, body, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Like EnsureSuccessStatusCode, with the API's own words in the exception.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        }
    }

    private ChatClient ChatClientFor(string model, string key) =>
        new(model, new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(BaseAddress, "/v1"), NetworkTimeout = TimeSpan.FromSeconds(30) });
}
