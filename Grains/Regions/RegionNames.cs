using System.IO.Hashing;
using System.Text;

namespace XaiRouter.Grains.Regions;

/// <summary>
/// The PostgreSQL objects of the replication between regions: publication <c>xai_home_&lt;region&gt;</c> in each
/// region, subscription <c>xai_&lt;peer&gt;_to_&lt;self&gt;</c> in each region per peer (its replication slot on the
/// peer has the same name). Region names are validated (<c>[a-z][a-z0-9-]*</c>), so '-' becomes '_' and the result
/// is a plain identifier that needs no quoting.
/// </summary>
internal static class RegionNames
{
    /// <summary>PostgreSQL's longest identifier (NAMEDATALEN - 1); it would cut a longer one, and the slot name with it.</summary>
    private const int MaxIdentifierLength = 63;

    public static string Publication(string region) => Shorten("xai_home_" + Identifier(region));

    public static string Subscription(string peer, string self) => Shorten("xai_" + Identifier(peer) + "_to_" + Identifier(self));

    /// <summary>
    /// The replication slot of <paramref name="subscription"/> on the peer's server: the subscription's name and a hash
    /// of the subscribing database's identity (server system identifier and database oid), so that another database
    /// set up as the same region reads its own slot and never drops or shares this one.
    /// </summary>
    public static string Slot(string subscription, string databaseIdentity) =>
        Shorten(subscription + "_" + Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(databaseIdentity))));

    private static string Identifier(string region) => region.Replace('-', '_');

    /// <summary>Two 32-character region names make 72 characters: such a name keeps a prefix and a hash of the whole.</summary>
    private static string Shorten(string name) => name.Length <= MaxIdentifierLength
        ? name
        : string.Concat(name.AsSpan(0, MaxIdentifierLength - 17), "_", Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(name))));
}
