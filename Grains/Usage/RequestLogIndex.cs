namespace XaiRouter.Grains.Usage;

/// <summary>
/// The request log's index, kept in memory by the ledger grain and rebuilt from its state on activation: the records
/// (served and refused) by status, by model and by access key. The log lives in grain state (one JSON row per tenant
/// and day), which the database cannot index, so the grain does; a filtered read then walks only the smallest of the
/// matching sets instead of every record.
/// </summary>
internal sealed class RequestLogIndex
{
    private readonly Dictionary<int, HashSet<UsageRecord>> _byStatus = [];
    private readonly Dictionary<string, HashSet<UsageRecord>> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<UsageRecord>> _byKey = new(StringComparer.Ordinal);

    public void Add(UsageRecord record)
    {
        Set(_byStatus, record.Status).Add(record);
        Set(_byModel, record.Model).Add(record);
        Set(_byKey, record.KeyId).Add(record);
    }

    public void Remove(UsageRecord record)
    {
        Remove(_byStatus, record.Status, record);
        Remove(_byModel, record.Model, record);
        Remove(_byKey, record.KeyId, record);
    }

    /// <summary>The records matching every filter of <paramref name="query"/>, newest first, at most its limit.</summary>
    /// <param name="query">The filters.</param>
    /// <param name="all">Every record, for a query without filters.</param>
    public ImmutableArray<UsageRecord> Find(RequestLogQuery query, IEnumerable<UsageRecord> all)
    {
        var candidates = all;
        var smallest = int.MaxValue;
        foreach (var set in IndexedSets(query))
        {
            if (set is null)
            {
                return [];
            }

            if (set.Count < smallest)
            {
                smallest = set.Count;
                candidates = set;
            }
        }

        return [.. candidates.Where(r => Matches(r, query)).OrderByDescending(r => r.At).Take(Math.Max(query.Limit, 0))];
    }

    private IEnumerable<HashSet<UsageRecord>?> IndexedSets(RequestLogQuery query)
    {
        if (query.Status is { } status)
        {
            yield return _byStatus.GetValueOrDefault(status);
        }

        if (query.Model is { } model)
        {
            yield return _byModel.GetValueOrDefault(model);
        }

        if (query.KeyId is { } key)
        {
            yield return _byKey.GetValueOrDefault(key);
        }
    }

    private static bool Matches(UsageRecord record, RequestLogQuery query) =>
        (query.Status is null || record.Status == query.Status)
        && (query.Model is null || string.Equals(record.Model, query.Model, StringComparison.Ordinal))
        && (query.KeyId is null || string.Equals(record.KeyId, query.KeyId, StringComparison.Ordinal))
        && (query.VisibleKeyIds is null || query.VisibleKeyIds.Contains(record.KeyId));

    private static HashSet<UsageRecord> Set<T>(Dictionary<T, HashSet<UsageRecord>> index, T value)
        where T : notnull
    {
        if (!index.TryGetValue(value, out var set))
        {
            // By reference: two records with equal fields are still two requests.
            set = new HashSet<UsageRecord>(ReferenceEqualityComparer.Instance);
            index[value] = set;
        }

        return set;
    }

    private static void Remove<T>(Dictionary<T, HashSet<UsageRecord>> index, T value, UsageRecord record)
        where T : notnull
    {
        if (index.TryGetValue(value, out var set) && set.Remove(record) && set.Count == 0)
        {
            index.Remove(value);
        }
    }
}
