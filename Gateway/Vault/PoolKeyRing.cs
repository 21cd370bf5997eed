namespace XaiRouter.Gateway.Vault;

/// <summary>Pool keys opened for one operation (creating a key, re-keying a pool); all wiped on dispose.</summary>
internal sealed class PoolKeyRing : IDisposable
{
    private readonly List<(string Pool, int Version, SecretBuffer Key)> _keys = [];

    public int Count => _keys.Count;

    public IEnumerable<(string Pool, int Version, SecretBuffer Key)> Keys => _keys;

    /// <summary>Adds a fresh random pool key and returns it.</summary>
    public SecretBuffer AddNew(string pool, int version)
    {
        var key = new SecretBuffer(VaultCrypto.KeySize);
        System.Security.Cryptography.RandomNumberGenerator.Fill(key.Span);
        _keys.Add((pool, version, key));
        return key;
    }

    /// <summary>Takes ownership of an opened pool key.</summary>
    public void Add(string pool, int version, SecretBuffer key) => _keys.Add((pool, version, key));

    public SecretBuffer? Find(string pool, int version)
    {
        foreach (var (p, v, key) in _keys)
        {
            if (v == version && string.Equals(p, pool, StringComparison.Ordinal))
            {
                return key;
            }
        }

        return null;
    }

    public void Dispose()
    {
        foreach (var (_, _, key) in _keys)
        {
            key.Dispose();
        }

        _keys.Clear();
    }
}
