using System.ClientModel;
using System.Diagnostics;
using OpenAI;
using OpenAI.Chat;

namespace XaiRouter.Cluster.Tests.Regions;

/// <summary>/v1 traffic to a region, sent with the official OpenAI SDK as a client application would.</summary>
public static class RegionChat
{
    /// <summary>The HTTP status of one chat completion for <paramref name="model"/> sent to <paramref name="region"/> with <paramref name="key"/>.</summary>
    public static async Task<int> StatusAsync(RegionCluster region, string key, string model, CancellationToken cancellationToken, int? maxOutputTokens = null)
    {
        var chat = new ChatClient(model, new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(region.Gateway.BaseAddress, "/v1"),
            NetworkTimeout = TimeSpan.FromSeconds(30),
            // A refusal is the answer under test, not something to retry.
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        });
        try
        {
            var options = new ChatCompletionOptions { MaxOutputTokenCount = maxOutputTokens };
            var result = await chat.CompleteChatAsync([new UserChatMessage("hello from another region")], options, cancellationToken);
            return result.GetRawResponse().Status;
        }
        catch (ClientResultException refused)
        {
            return refused.Status;
        }
    }

    /// <summary>
    /// Sends chat completions until one answers <paramref name="expected"/> or <paramref name="limit"/> passes; returns
    /// how long that took (from <paramref name="since"/>'s start), or throws naming the last status. <c>seen</c>, when
    /// given, is told each status and when it was answered (tests write the sequence to their output).
    /// </summary>
    public static async Task<TimeSpan> UntilStatusAsync(RegionCluster region, string key, string model, int expected, Stopwatch since, TimeSpan limit, CancellationToken cancellationToken,
        int? maxOutputTokens = null, Action<TimeSpan, int>? seen = null)
    {
        var last = 0;
        while (since.Elapsed < limit)
        {
            last = await StatusAsync(region, key, model, cancellationToken, maxOutputTokens);
            seen?.Invoke(since.Elapsed, last);
            if (last == expected)
            {
                return since.Elapsed;
            }

            // A poll interval, not a timing assumption: the deadline decides, and the resolution stays well under the bounds.
            await Task.Delay(25, cancellationToken);
        }

        throw new Xunit.Sdk.XunitException($"Region {region.Name} still answered {last} (not {expected}) after {since.Elapsed.TotalMilliseconds:0} ms for model {model}.");
    }
}
