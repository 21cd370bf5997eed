using System.Text.Json;
using XaiRouter.Gateway.Apis;

namespace XaiRouter.Gateway.Limits;

/// <summary>
/// Reads the <c>limits</c> and <c>budget</c> objects of the management API strictly: known fields only, positive
/// whole numbers (amounts in USD as decimals), so a typo is refused by name instead of silently limiting nothing.
/// An empty object removes the limits.
/// </summary>
internal static class LimitsJson
{
    public const int MaxPerModel = 64;

    private const long MaxCount = 1_000_000_000_000;

    public static (RateLimits? Limits, string? Problem) ReadLimits(JsonElement json, string field = "limits", bool allowPerModel = true)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, $"'{field}' must be an object.");
        }

        var limits = new RateLimits();
        foreach (var property in json.EnumerateObject())
        {
            var name = $"{field}.{property.Name}";
            if (property.Name == "per_model" && allowPerModel)
            {
                var (perModel, problem) = ReadPerModel(property.Value, name);
                if (problem is not null)
                {
                    return (null, problem);
                }

                limits = limits with { PerModel = perModel };
                continue;
            }

            if (!TryCount(property.Value, out var count))
            {
                return (null, IsLimitName(property.Name) ? $"'{name}' must be a whole number from 1 to {MaxCount}." : $"'{name}' is not a known limit.");
            }

            limits = property.Name switch
            {
                "rpm" => limits with { Rpm = count },
                "rph" => limits with { Rph = count },
                "rpd" => limits with { Rpd = count },
                "tpm" => limits with { Tpm = count },
                "tph" => limits with { Tph = count },
                "tpd" => limits with { Tpd = count },
                "concurrency" when count <= int.MaxValue => limits with { Concurrency = (int)count },
                _ => null!,
            };
            if (limits is null)
            {
                return (null, $"'{name}' is not a known limit.");
            }
        }

        return (limits.LimitsAnything || limits.PerModel is not null ? limits : null, null);
    }

    public static (BudgetPolicy? Budget, string? Problem) ReadBudget(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, "'budget' must be an object.");
        }

        var budget = new BudgetPolicy();
        foreach (var property in json.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "credit_usd" or "monthly_usd":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var usd) || usd < 0m || usd > MaxCount)
                    {
                        return (null, $"'budget.{property.Name}' must be an amount in USD, 0 or more.");
                    }

                    budget = property.Name == "credit_usd" ? budget with { CreditUsd = usd } : budget with { MonthlyUsd = usd };
                    break;
                case "credit_expires_at":
                    if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTimeOffset(out var expiry))
                    {
                        return (null, "'budget.credit_expires_at' must be a date and time (ISO 8601).");
                    }

                    budget = budget with { CreditExpiresAt = expiry };
                    break;
                case "monthly_mode":
                    var mode = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    if (mode is not ("hard" or "soft"))
                    {
                        return (null, "'budget.monthly_mode' must be 'hard' or 'soft'.");
                    }

                    budget = budget with { MonthlyMode = mode == "soft" ? BudgetMode.Soft : BudgetMode.Hard };
                    break;
                default:
                    return (null, $"'budget.{property.Name}' is not a known budget field.");
            }
        }

        if (budget.CreditExpiresAt is not null && budget.CreditUsd is null)
        {
            return (null, "'budget.credit_expires_at' needs 'budget.credit_usd'.");
        }

        return (budget.CreditUsd is null && budget.MonthlyUsd is null ? null : budget, null);
    }

    private static (ImmutableDictionary<string, RateLimits>? PerModel, string? Problem) ReadPerModel(JsonElement json, string field)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, $"'{field}' must be an object of model names to limits.");
        }

        var perModel = ImmutableDictionary.CreateBuilder<string, RateLimits>(StringComparer.Ordinal);
        foreach (var entry in json.EnumerateObject())
        {
            if (!InputRules.IsModelPattern(entry.Name) || perModel.Count >= MaxPerModel)
            {
                return (null, $"'{field}' must name up to {MaxPerModel} models (exact names or prefixes ending in '*').");
            }

            var (limits, problem) = ReadLimits(entry.Value, $"{field}.{entry.Name}", allowPerModel: false);
            if (problem is not null)
            {
                return (null, problem);
            }

            if (limits is not null)
            {
                perModel[entry.Name] = limits;
            }
        }

        return (perModel.Count == 0 ? null : perModel.ToImmutable(), null);
    }

    private static bool TryCount(JsonElement value, out long count)
    {
        count = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out count) && count is > 0 and <= MaxCount;
    }

    private static bool IsLimitName(string name) => name is "rpm" or "rph" or "rpd" or "tpm" or "tph" or "tpd" or "concurrency";
}
