using System.Globalization;

namespace XaiRouter.Gateway.Apis;

/// <summary>
/// One page of Anthropic's model list, from <c>limit</c> (1 to 1000, default 20), <c>after_id</c> and <c>before_id</c>.
/// The list is ordered by id, so a cursor need not be a listed model: the page holds the ids after (or before) it.
/// </summary>
internal sealed class AnthropicModelPage
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 1000;

    private int _limit = DefaultLimit;
    private string? _afterId;
    private string? _beforeId;

    /// <summary>Why the query is refused, if it is.</summary>
    public string? Error { get; private init; }

    public static AnthropicModelPage FromQuery(IQueryCollection query)
    {
        var page = new AnthropicModelPage { _afterId = NonEmpty(query["after_id"]), _beforeId = NonEmpty(query["before_id"]) };
        if (query.TryGetValue("limit", out var limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out page._limit) || page._limit is < 1 or > MaxLimit))
        {
            return new AnthropicModelPage { Error = $"limit: Input should be a whole number from 1 to {MaxLimit}" };
        }

        return page._afterId is not null && page._beforeId is not null
            ? new AnthropicModelPage { Error = "after_id: give after_id or before_id, not both" }
            : page;
    }

    public AnthropicModelList Select(SortedDictionary<string, ModelObject> models)
    {
        var window = new List<ModelObject>(models.Count);
        foreach (var model in models.Values)
        {
            if ((_afterId is null || string.CompareOrdinal(model.Id, _afterId) > 0) && (_beforeId is null || string.CompareOrdinal(model.Id, _beforeId) < 0))
            {
                window.Add(model);
            }
        }

        var count = Math.Min(_limit, window.Count);
        // Paging backwards takes the ids just before the cursor.
        var start = _beforeId is not null ? window.Count - count : 0;
        var data = new List<AnthropicModelInfo>(count);
        for (var i = start; i < start + count; i++)
        {
            data.Add(Info(window[i]));
        }

        return new AnthropicModelList(data, window.Count > count, data.Count > 0 ? data[0].Id : null, data.Count > 0 ? data[^1].Id : null);
    }

    public static AnthropicModelInfo Info(ModelObject model) =>
        new(model.Id, model.Id, DateTimeOffset.FromUnixTimeSeconds(model.Created));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
