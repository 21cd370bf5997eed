using System.Text;
using CsCheck;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// Generated inputs for the property tests: valid request and usage documents, the same mutated (bytes flipped,
/// inserted, deleted, cut; invalid UTF-8; a field doubled), random bytes, and random chunk boundaries.
/// </summary>
internal static class InputGenerators
{
    private static readonly string[] Models = ["gpt-4o", "gpt-4o-mini", "fast", "caf\u00e9-\u6a21\u578b", ""];

    private static readonly string[] ReadFields = ["model", "stream", "stream_options", "max_tokens", "max_completion_tokens", "max_output_tokens", "messages", "input", "prompt", "instructions"];

    /// <summary>A chat request (sometimes a Responses or completions one), its prompt up to 40 KB, so it crosses 16 KiB.</summary>
    public static readonly Gen<string> ValidRequest = ValidRequestFor(Gen.OneOf(Models));

    /// <summary>Any body (<see cref="Body"/>) naming models from <paramref name="models"/>.</summary>
    public static Gen<byte[]> BodyFor(Gen<string> models) => AnyBody(ValidRequestFor(models));

    private static Gen<string> ValidRequestFor(Gen<string> models) => Gen.Select(models, Gen.Int[0, 40_000], Gen.Int[0, 3], Gen.Bool, Gen.Int[0, 100_000])
        .Select((model, promptLength, shape, stream, maxTokens) =>
        {
            var prompt = new string('x', promptLength / 2) + "\u00e9\\n\\\"\u2603 " + new string('y', promptLength / 2);
            var modelField = $"\"model\":\"{model}\"";
            return shape switch
            {
                0 => $"{{{modelField},\"messages\":[{{\"role\":\"user\",\"content\":\"{prompt}\"}}],\"stream\":{(stream ? "true" : "false")},\"max_tokens\":{maxTokens}}}",
                1 => $"{{\"messages\":[{{\"role\":\"system\",\"content\":[{{\"type\":\"text\",\"text\":\"{prompt}\"}}]}}],\"tools\":[{{\"type\":\"function\",\"function\":{{\"name\":\"f\",\"parameters\":{{\"type\":\"object\"}}}}}}],{modelField}}}",
                2 => $"{{{modelField},\"input\":\"{prompt}\",\"instructions\":\"be brief\",\"max_output_tokens\":{maxTokens},\"metadata\":{{\"a\":1,\"a\":2}}}}",
                _ => $"{{\"prompt\":[\"{prompt}\"],{modelField},\"stream\":{(stream ? "true" : "false")},\"stream_options\":{{\"include_usage\":true}}}}",
            };
        });

    /// <summary>One change to a document: what, where (a fraction of its length), with which byte, how far.</summary>
    private static readonly Gen<(int Kind, double At, byte Byte, int Length)> Mutation = Gen.Select(Gen.Int[0, 6], Gen.Double[0, 1], Gen.Byte, Gen.Int[1, 32]);

    /// <summary>Any body: mostly valid requests with up to 4 mutations, some valid ones, some random bytes.</summary>
    public static readonly Gen<byte[]> Body = AnyBody(ValidRequest);

    private static Gen<byte[]> AnyBody(Gen<string> valid) => Gen.Frequency<byte[]>(
        (6, Gen.Select(valid, Mutation.Array[0, 4], Gen.OneOf(ReadFields)).Select((json, mutations, field) => Mutate(Encoding.UTF8.GetBytes(json), mutations, field))),
        (2, valid.Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Byte.Array[0, 2000]));

    /// <summary>Chunk sizes a network might hand out, used in turn (the last one repeats).</summary>
    public static readonly Gen<int[]> Splits = Gen.Frequency<int[]>(
        (3, Gen.Int[1, 64].Array[1, 8]),
        (2, Gen.Int[1, 20_000].Array[1, 8]),
        (1, Gen.Const(new[] { int.MaxValue })));

    /// <summary>A usage document as providers send it (chat, Responses event), with random counts.</summary>
    public static readonly Gen<string> ValidUsage = Gen.Select(Gen.Long[0, 1_000_000], Gen.Long[0, 1_000_000], Gen.Int[0, 2])
        .Select((prompt, completion, shape) => shape switch
        {
            0 => $$$"""{"id":"c","object":"chat.completion","choices":[{"message":{"role":"assistant","content":"h\u00e9llo"}}],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"prompt_tokens_details":{"cached_tokens":1} } }""",
            1 => $$$"""{"type":"response.completed","response":{"output":[{"content":[{"text":"hi"}]}],"usage":{"input_tokens":{{{prompt}}},"output_tokens":{{{completion}}} } } }""",
            _ => $$$"""{"id":"c","choices":[],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}} } }""",
        });

    /// <summary>A usage document, mutated or not, or random bytes.</summary>
    public static readonly Gen<byte[]> UsageDocument = Gen.Frequency<byte[]>(
        (4, Gen.Select(ValidUsage, Mutation.Array[0, 4], Gen.OneOf("usage", "prompt_tokens", "choices")).Select((json, mutations, field) => Mutate(Encoding.UTF8.GetBytes(json), mutations, field))),
        (2, ValidUsage.Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Byte.Array[0, 500]));

    /// <summary>An SSE stream of such documents (LF or CRLF events, comments, <c>[DONE]</c>), mutated in places.</summary>
    public static readonly Gen<byte[]> EventStream = Gen.Select(UsageDocument.Array[0, 5], Gen.Bool, Mutation.Array[0, 2])
        .Select((documents, crlf, mutations) =>
        {
            var newline = crlf ? "\r\n"u8.ToArray() : "\n"u8.ToArray();
            var stream = new List<byte>();
            stream.AddRange(": keep-alive"u8.ToArray());
            stream.AddRange(newline);
            stream.AddRange(newline);
            foreach (var document in documents)
            {
                stream.AddRange("data: "u8.ToArray());
                stream.AddRange(document);
                stream.AddRange(newline);
                stream.AddRange(newline);
            }

            stream.AddRange("data: [DONE]"u8.ToArray());
            stream.AddRange(newline);
            stream.AddRange(newline);
            return Mutate([.. stream], mutations, "data");
        });

    /// <summary>Cuts <paramref name="data"/> into chunks of the sizes in <paramref name="splits"/> (the last repeating).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] data, int[] splits)
    {
        var offset = 0;
        for (var i = 0; offset < data.Length; i++)
        {
            var size = (int)Math.Min(splits[Math.Min(i, splits.Length - 1)], data.Length - offset);
            yield return data.AsMemory(offset, size);
            offset += size;
        }
    }

    private static byte[] Mutate(byte[] data, (int Kind, double At, byte Byte, int Length)[] mutations, string field)
    {
        var bytes = new List<byte>(data);
        foreach (var (kind, at, value, length) in mutations)
        {
            var index = Math.Min((int)(at * bytes.Count), bytes.Count);
            switch (kind)
            {
                case 0 when index < bytes.Count:
                    bytes[index] = value;
                    break;
                case 1:
                    bytes.Insert(index, value);
                    break;
                case 2:
                    bytes.RemoveRange(index, Math.Min(length, bytes.Count - index));
                    break;
                case 3:
                    // Bytes that are never UTF-8, or a lead byte without its continuation.
                    bytes.InsertRange(index, value % 2 == 0 ? new byte[] { 0xFF, 0xFE } : new byte[] { 0xC3 });
                    break;
                case 4 when bytes.Count > 1 && bytes[0] == (byte)'{':
                    // The field again, at the top level, right after the opening brace.
                    bytes.InsertRange(1, Encoding.UTF8.GetBytes($"\"{field}\":{(value % 2 == 0 ? "\"gpt-4o\"" : "1")},"));
                    break;
                case 5:
                    bytes.RemoveRange(index, bytes.Count - index);
                    break;
                default:
                    // Doubles a slice: a repeated key, bracket or quote somewhere.
                    var slice = bytes.GetRange(index, Math.Min(length, bytes.Count - index));
                    bytes.InsertRange(index, slice);
                    break;
            }
        }

        return [.. bytes];
    }
}
