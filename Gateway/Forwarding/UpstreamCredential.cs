using System.Runtime.InteropServices;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The one string a decrypted provider key must become, because <see cref="HttpClient"/> headers are strings: the
/// whole header value, built straight from the plaintext bytes and overwritten with zeros once the exchange is over.
/// </summary>
internal static class UpstreamCredential
{
    private const string BearerPrefix = "Bearer ";

    public static string HeaderName(ProviderKind provider) => provider == ProviderKind.Anthropic ? "x-api-key" : "Authorization";

    /// <summary>The header value for <paramref name="provider"/>: <c>Bearer {key}</c>, or the bare key for Anthropic.</summary>
    public static string Create(ProviderKind provider, ReadOnlySpan<byte> plaintextKey)
    {
        var prefix = provider == ProviderKind.Anthropic ? "" : BearerPrefix;
        var value = new string('\0', prefix.Length + plaintextKey.Length);
        var chars = AsWritable(value);
        prefix.CopyTo(chars);
        for (var i = 0; i < plaintextKey.Length; i++)
        {
            // Stored keys are printable ASCII (checked when they are added).
            chars[prefix.Length + i] = (char)plaintextKey[i];
        }

        return value;
    }

    /// <summary>Overwrites the string's characters with zeros. Only for a string this class created and nobody else holds.</summary>
    public static void Wipe(string value) => AsWritable(value).Clear();

    private static Span<char> AsWritable(string value) => MemoryMarshal.AsMemory(value.AsMemory()).Span;
}
