using System.Runtime.InteropServices;

namespace XaiRouter.Gateway.Forwarding;

/// <summary>
/// The one string a decrypted provider key must become, because <see cref="HttpClient"/> headers are strings: the
/// whole header value, built straight from the plaintext bytes and overwritten with zeros once the exchange is over.
/// </summary>
internal static class UpstreamCredential
{
    public static string HeaderName(ProviderKind provider) => ProviderAuthScheme.For(provider).HeaderName;

    /// <summary>The header value for <paramref name="provider"/>: <c>Bearer {key}</c>, or the bare key for Anthropic (<c>x-api-key</c>) and Azure OpenAI (<c>api-key</c>).</summary>
    /// <returns>The value, or <see langword="null"/> when the key holds anything but printable ASCII (no CR/LF/NUL can reach a header).</returns>
    public static string? Create(ProviderKind provider, ReadOnlySpan<byte> plaintextKey)
    {
        // Keys are checked when stored; checked again here because this value goes out unparsed.
        if (plaintextKey.IsEmpty || plaintextKey.ContainsAnyExceptInRange((byte)' ', (byte)'~'))
        {
            return null;
        }

        var prefix = ProviderAuthScheme.For(provider).ValuePrefix;
        var value = new string('\0', prefix.Length + plaintextKey.Length);
        var chars = AsWritable(value);
        prefix.CopyTo(chars);
        for (var i = 0; i < plaintextKey.Length; i++)
        {
            chars[prefix.Length + i] = (char)plaintextKey[i];
        }

        return value;
    }

    /// <summary>Overwrites the string's characters with zeros. Only for a string this class created and nobody else holds.</summary>
    public static void Wipe(string value) => AsWritable(value).Clear();

    private static Span<char> AsWritable(string value) => MemoryMarshal.AsMemory(value.AsMemory()).Span;
}
