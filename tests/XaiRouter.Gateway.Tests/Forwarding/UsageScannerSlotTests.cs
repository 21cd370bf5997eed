using System.Globalization;
using System.Text;

namespace XaiRouter.Gateway.Forwarding.Tests;

/// <summary>
/// The scanner turns its slots into a <see cref="TokenUsage"/> without a dictionary of names (issue 16, second round);
/// its rule must stay exactly <see cref="TokenUsage.FromFields"/>'s: negatives and fractions invalid, overflows
/// invalid, cache reads in input and cached, a total above the parts invalid.
/// </summary>
public sealed class UsageScannerSlotTests
{
    private static readonly string[] Values = ["0", "1", "7", "1000", "4611686018427387904", "9223372036854775807", "-1", "1.5"];

    [Fact]
    public void Usage_RandomFieldSets_MatchesFromFields()
    {
        var random = new Random(16);
        var names = UsageScanner.SlotNames;
        for (var sample = 0; sample < 2000; sample++)
        {
            var fields = new Dictionary<string, long>(StringComparer.Ordinal);
            var top = new List<string>();
            var nested = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (random.Next(3) != 0)
                {
                    continue;
                }

                // Mostly small whole numbers; now and then one that overflows a sum, is negative or is a fraction.
                var text = random.Next(4) == 0 ? Values[random.Next(Values.Length)] : Values[random.Next(4)];
                fields[name] = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? whole : TokenUsage.NotAWholeNumber;
                if (name.Split('.') is [var parent, var child])
                {
                    (nested.TryGetValue(parent, out var list) ? list : nested[parent] = []).Add($"\"{child}\":{text}");
                }
                else
                {
                    top.Add($"\"{name}\":{text}");
                }
            }

            top.AddRange(nested.Select(n => $"\"{n.Key}\":{{{string.Join(',', n.Value)}}}"));
            var json = "{\"id\":\"x\",\"usage\":{" + string.Join(',', top) + "}}";

            var scanned = UsageScanner.ScanDocument(Encoding.UTF8.GetBytes(json));

            Assert.Equal(fields.Count == 0 ? null : TokenUsage.FromFields(fields), scanned);
        }
    }
}
