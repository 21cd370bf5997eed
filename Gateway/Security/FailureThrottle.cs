using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using XaiRouter.Gateway.Hosting;

namespace XaiRouter.Gateway.Security;

/// <summary>
/// Token buckets of failed authentications per client address or account: a burst of failures is allowed, then
/// further failures are answered 429 until the bucket refills. Successes cost nothing, and access keys are verified
/// before the throttle is asked, so a valid key is never refused here (<see cref="AccessKeyAuthenticator"/>). At most
/// <see cref="MaxTracked"/> keys are remembered; full buckets are dropped first, so memory stays bounded under junk traffic.
/// </summary>
internal sealed class FailureThrottle(IOptions<AuthOptions> options, TimeProvider timeProvider)
{
    public const int MaxTracked = 100_000;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _burst = options.Value.FailureBurst;
    private readonly double _refillPerSecond = options.Value.FailuresPerMinute / 60.0;
    private readonly TimeProvider _timeProvider = timeProvider;

    /// <summary>Whether <paramref name="key"/> has used up its failures; <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsBlocked(string key, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            return false;
        }

        lock (bucket)
        {
            Refill(bucket);
            if (bucket.Tokens >= 1)
            {
                return false;
            }

            retryAfter = TimeSpan.FromSeconds(Math.Ceiling((1 - bucket.Tokens) / _refillPerSecond));
            return true;
        }
    }

    public void RecordFailure(string key)
    {
        if (_buckets.Count >= MaxTracked)
        {
            Prune();
        }

        var bucket = _buckets.GetOrAdd(key, static (_, state) => new Bucket(state._burst, state._timeProvider.GetTimestamp()), this);
        lock (bucket)
        {
            Refill(bucket);
            bucket.Tokens = Math.Max(bucket.Tokens - 1, 0);
        }
    }

    /// <summary>
    /// Takes one failure from <paramref name="key"/>'s allowance before the work it guards, under the bucket's lock,
    /// so concurrent attempts can never together spend more than the burst; <see cref="Refund"/> gives it back when
    /// the attempt succeeds.
    /// </summary>
    /// <param name="key">The client address or account.</param>
    /// <param name="wasFull">Whether the allowance was whole before this take (the key had no recent failure).</param>
    /// <param name="retryAfter">When refused, how long until one failure is allowed again.</param>
    /// <returns><see langword="false"/> (nothing taken) when the allowance is used up.</returns>
    public bool TryReserve(string key, out bool wasFull, out TimeSpan retryAfter)
    {
        if (_buckets.Count >= MaxTracked)
        {
            Prune();
        }

        var bucket = _buckets.GetOrAdd(key, static (_, state) => new Bucket(state._burst, state._timeProvider.GetTimestamp()), this);
        lock (bucket)
        {
            Refill(bucket);
            wasFull = bucket.Tokens >= _burst;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds(Math.Ceiling((1 - bucket.Tokens) / _refillPerSecond));
            return false;
        }
    }

    /// <summary>Gives back a failure taken by <see cref="TryReserve"/>: the attempt succeeded (or never ran).</summary>
    public void Refund(string key)
    {
        if (_buckets.TryGetValue(key, out var bucket))
        {
            lock (bucket)
            {
                Refill(bucket);
                bucket.Tokens = Math.Min(_burst, bucket.Tokens + 1);
            }
        }
    }

    private void Refill(Bucket bucket)
    {
        var now = _timeProvider.GetTimestamp();
        var elapsed = _timeProvider.GetElapsedTime(bucket.UpdatedAt, now).TotalSeconds;
        bucket.Tokens = Math.Min(_burst, bucket.Tokens + (elapsed * _refillPerSecond));
        bucket.UpdatedAt = now;
    }

    private void Prune()
    {
        foreach (var (key, bucket) in _buckets)
        {
            lock (bucket)
            {
                Refill(bucket);
                if (bucket.Tokens >= _burst)
                {
                    _buckets.TryRemove(key, out _);
                }
            }
        }

        // Still full of active attackers: forget the oldest half rather than grow without bound.
        if (_buckets.Count >= MaxTracked)
        {
            foreach (var key in _buckets.OrderBy(pair => pair.Value.UpdatedAt).Take(_buckets.Count / 2).Select(pair => pair.Key).ToList())
            {
                _buckets.TryRemove(key, out _);
            }
        }
    }

    private sealed class Bucket(double tokens, long updatedAt)
    {
        public double Tokens { get; set; } = tokens;

        public long UpdatedAt { get; set; } = updatedAt;
    }
}
