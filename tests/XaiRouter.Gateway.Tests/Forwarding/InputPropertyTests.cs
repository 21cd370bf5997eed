using System.Text;
using System.Text.Unicode;
using CsCheck;
using Microsoft.AspNetCore.Http;
using XaiRouter.Gateway.Vault;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// Property-based tests (CsCheck) of the parsers that read what clients and upstreams send: the request body
/// scanner, the access-key parser and the SSE usage scanner, fed generated and mutated inputs cut at random
/// chunk boundaries. None may throw anything but its documented exceptions, and chunking must not change a result.
/// </summary>
public sealed class InputPropertyTests
{
    private const long Limit = 1_000_000;

    private static readonly string[] ReadFields = ["model", "stream", "stream_options", "max_tokens", "max_completion_tokens", "max_output_tokens", "messages", "input", "prompt", "instructions"];

    /// <summary>What the scanner made of a body.</summary>
    private sealed record Outcome(bool Refused, string? Model, bool ForwardedUnchanged);

    [Fact]
    public async Task BodyScanner_AnyBodyAnyChunking_RefusesOnlyWithItsOwnExceptionsAndAgreesWithAFullParse()
    {
        await Gen.Select(InputGenerators.Body, InputGenerators.Splits).SampleAsync(async (body, splits) =>
        {
            var whole = await ScanAsync(body, [int.MaxValue]);
            var chunked = await ScanAsync(body, splits);

            Assert.Equal(whole, chunked);
            Assert.True(whole.Refused || whole.ForwardedUnchanged, "an accepted body is forwarded byte for byte");
            switch (Reference(body))
            {
                case { } expected:
                    Assert.Equal(expected.Refused, whole.Refused);
                    Assert.Equal(expected.Model, whole.Model);
                    break;
            }
        }, iter: 1500, threads: 1);
    }

    [Fact]
    public void BodyScanner_AReadFieldTwice_IsRefusedWhereverTheSecondIs()
    {
        Gen.Select(Gen.OneOf(ReadFields), Gen.Int[0, 40_000], InputGenerators.Splits).Sample((field, padding, splits) =>
        {
            var body = Encoding.UTF8.GetBytes($"{{\"model\":\"gpt-4o-mini\",\"{field}\":1,\"metadata\":\"{new string('x', padding)}\",\"{field}\":2}}".Replace("\"model\":1,", "", StringComparison.Ordinal));
            var outcome = ScanAsync(body, splits).GetAwaiter().GetResult();

            Assert.True(outcome.Refused, $"'{field}' twice, {padding} bytes apart, was accepted");
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void AccessKeyParser_AnyText_NeverThrowsAndAcceptsOnlyWellFormedKeys()
    {
        var validKey = Gen.Byte.Array[AccessKeyFormat.SecretSize].Select(secret => (Key: AccessKeyFormat.Format(RandomIds.NewKeyId(), secret), Secret: secret));
        var mutatedKey = Gen.Select(validKey, Gen.Int[0, AccessKeyFormat.Length - 1], Gen.Char).Select((valid, index, c) =>
        {
            var chars = valid.Key.ToCharArray();
            chars[index] = c;
            return new string(chars);
        });
        var text = Gen.Frequency<string>((3, mutatedKey), (1, Gen.String), (1, Gen.Char.Array[AccessKeyFormat.Length].Select(c => new string(c))),
            (1, validKey.Select(k => k.Key[..^1])), (1, validKey.Select(k => k.Key + "0")));

        text.Sample(candidate =>
        {
            Span<byte> secret = stackalloc byte[AccessKeyFormat.SecretSize];
            if (AccessKeyFormat.TryParse(candidate, secret, out var keyId))
            {
                // Accepted only when it formats back to itself (checksum and all).
                Assert.Equal(candidate, AccessKeyFormat.Format(keyId!, secret));
            }
            else
            {
                Assert.True(secret.IndexOfAnyExcept((byte)0) < 0, "a refused key leaves no secret bytes behind");
            }
        }, iter: 3000);

        validKey.Sample(valid =>
        {
            Span<byte> secret = stackalloc byte[AccessKeyFormat.SecretSize];
            Assert.True(AccessKeyFormat.TryParse(valid.Key, secret, out _));
            Assert.True(secret.SequenceEqual(valid.Secret));
        }, iter: 300);
    }

    [Fact]
    public void UsageScanner_AnyDocumentAnyChunking_NeverThrowsAndFindsTheSameUsage()
    {
        Gen.Select(InputGenerators.UsageDocument, InputGenerators.Splits).Sample((document, splits) =>
        {
            var whole = UsageScanner.ScanDocument(document, new Usage.TextSample());
            var scanner = new UsageScanner(new Usage.TextSample());
            foreach (var chunk in InputGenerators.Chunks(document, splits))
            {
                scanner.Feed(chunk.Span, final: false);
            }

            scanner.Feed([], final: true);

            Assert.Equal(whole, scanner.Usage);
        }, iter: 3000);
    }

    [Fact]
    public async Task UsageTap_AnyEventStreamAnyChunking_NeverThrowsAndPassesEveryByteOn()
    {
        await Gen.Select(InputGenerators.EventStream, InputGenerators.Splits, Gen.Bool).SampleAsync(async (stream, splits, eventStream) =>
        {
            var context = new DefaultHttpContext();
            context.Response.ContentType = eventStream ? "text/event-stream" : "application/json";
            var client = new MemoryStream();
            await using (var tap = new UsageTap(client, context.Response, () => false, TimeProvider.System))
            {
                foreach (var chunk in InputGenerators.Chunks(stream, splits))
                {
                    await tap.WriteAsync(chunk, TestContext.Current.CancellationToken);
                }

                await tap.CompleteAsync(TestContext.Current.CancellationToken);
                _ = tap.Usage;
            }

            // The router did not ask for usage, so nothing is held back: the client gets the stream as sent.
            Assert.Equal(stream, client.ToArray());
        }, iter: 1500, threads: 1);
    }

    /// <summary>Reads the body as the pipeline does (to the model, then forwarded to the end), chunk by chunk.</summary>
    private static async Task<Outcome> ScanAsync(byte[] body, int[] splits)
    {
        try
        {
            await using var sut = await ScannedRequestBody.ReadUntilModelAsync(new ChunkedStream(body, splits), Limit, TestContext.Current.CancellationToken);
            var forwarded = new MemoryStream();
            await sut.CopyToAsync(forwarded, TestContext.Current.CancellationToken);
            return new Outcome(false, sut.Model, forwarded.ToArray().AsSpan().SequenceEqual(body));
        }
        catch (InvalidRequestBodyException)
        {
            return new Outcome(true, null, false);
        }
    }

    /// <summary>
    /// What a whole-document parser says: refused (not a JSON object in UTF-8, a read field twice, a model that is
    /// not a string) or accepted with its model; null when it cannot tell (an escaped lone surrogate).
    /// </summary>
    private static Outcome? Reference(byte[] body)
    {
        if (!Utf8.IsValid(body))
        {
            return new Outcome(true, null, false);
        }

        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 128 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new Outcome(true, null, false);
            }

            var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            if (ReadFields.Any(field => names.Count(name => name == field) > 1))
            {
                return new Outcome(true, null, false);
            }

            if (!document.RootElement.TryGetProperty("model", out var model))
            {
                return new Outcome(false, null, true);
            }

            return model.ValueKind == JsonValueKind.String ? new Outcome(false, model.GetString(), true) : new Outcome(true, null, false);
        }
        catch (JsonException)
        {
            return new Outcome(true, null, false);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Hands out the body in the chunk sizes given (the last repeating), as a network does.</summary>
    private sealed class ChunkedStream(byte[] data, int[] splits) : MemoryStream(data)
    {
        private int _reads;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, splits[Math.Min(_reads++, splits.Length - 1)])], cancellationToken);
    }
}
