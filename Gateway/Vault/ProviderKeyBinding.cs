using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using XaiRouter.Gateway.Forwarding;

namespace XaiRouter.Gateway.Vault;

/// <summary>
/// The AAD of a bound (v2) provider key ciphertext: the label <c>xai-router/v2/provider-key</c>, then eight fields,
/// each a 4-byte big-endian byte count followed by its UTF-8 bytes: tenant, provider key id, pool, pool version
/// (decimal), provider kind name, auth scheme name, base URL exactly as stored, header template. Length prefixes
/// keep the fields apart whatever they contain (a URL may hold '|'). The AAD holds no secret, so a long one may
/// live on the heap.
/// </summary>
internal static class ProviderKeyBinding
{
    /// <summary>AADs up to this size are built on the stack (every realistic one; a 2048-character URL is not).</summary>
    public const int StackLimit = 1024;

    private const int LengthPrefixSize = 4;
    private const int FieldCount = 8;

    public static ReadOnlySpan<byte> Label => "xai-router/v2/provider-key"u8;

    /// <summary>
    /// The header template field: the provider-account headers the key is sent with, in their canonical form
    /// (<see cref="ProviderAccountHeaders.Template"/>), then its kind's route lines (<see cref="ProviderKindRules.BoundRoute"/>:
    /// Azure OpenAI's api-version and deployments), joined with LF. Empty when it has neither, as every record sealed
    /// before they existed; a record of any kind but Azure OpenAI has no route lines, so its AAD is what it was.
    /// </summary>
    public static string HeaderTemplate(ProviderKeyRecord record)
    {
        var account = ProviderAccountHeaders.Template(record);
        var route = ProviderKindRules.For(record.Provider).BoundRoute(record);
        return route.Length == 0 ? account : account.Length == 0 ? route : account + "\n" + route;
    }

    /// <summary>The provider kind's name; a value outside the enum binds as "?" (never sealed by the API).</summary>
    public static string ProviderName(ProviderKind kind) =>
        ProviderKindRules.For(kind) is { } rules && rules.Kind == kind ? rules.Name : "?";

    /// <summary>The AAD's exact length for <paramref name="record"/>.</summary>
    public static int Length(ProviderKeyRecord record)
    {
        Span<char> version = stackalloc char[11];
        return Label.Length + (FieldCount * LengthPrefixSize)
            + Encoding.UTF8.GetByteCount(record.TenantId)
            + Encoding.UTF8.GetByteCount(record.Id)
            + Encoding.UTF8.GetByteCount(record.Pool)
            + Version(record, version).Length
            + Encoding.UTF8.GetByteCount(ProviderName(record.Provider))
            + Encoding.UTF8.GetByteCount(ProviderAuthScheme.For(record.Provider).Name)
            + Encoding.UTF8.GetByteCount(record.BaseUrl)
            + Encoding.UTF8.GetByteCount(HeaderTemplate(record));
    }

    /// <summary>Writes the AAD into <paramref name="destination"/> (at least <see cref="Length"/> bytes).</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, ProviderKeyRecord record)
    {
        Span<char> version = stackalloc char[11];
        Label.CopyTo(destination);
        var written = Label.Length;
        written += Field(destination[written..], record.TenantId);
        written += Field(destination[written..], record.Id);
        written += Field(destination[written..], record.Pool);
        written += Field(destination[written..], Version(record, version));
        written += Field(destination[written..], ProviderName(record.Provider));
        written += Field(destination[written..], ProviderAuthScheme.For(record.Provider).Name);
        written += Field(destination[written..], record.BaseUrl);
        written += Field(destination[written..], HeaderTemplate(record));
        return written;
    }

    private static ReadOnlySpan<char> Version(ProviderKeyRecord record, Span<char> buffer) =>
        record.PoolVersion.TryFormat(buffer, out var length, default, CultureInfo.InvariantCulture) ? buffer[..length] : throw new InvalidOperationException();

    private static int Field(Span<byte> destination, ReadOnlySpan<char> text)
    {
        var length = Encoding.UTF8.GetBytes(text, destination[LengthPrefixSize..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)length);
        return LengthPrefixSize + length;
    }
}
