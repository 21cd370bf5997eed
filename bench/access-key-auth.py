#!/usr/bin/env python3
"""Median answer time of a refused access key: an unknown key id vs a known id with a wrong secret (both 401).

Usage: access-key-auth.py BASE_URL OPERATOR_TOKEN [requests per variant=500]
Creates and claims one tenant through the operator API, then sends GET /v1/models over one kept-alive loopback
connection, the variants interleaved request by request, in rounds after a warm-up, so JIT, caches, background work
and other load favour none of them. Each unknown-id
request uses the same unknown id (as a prober checking one id would); a fresh random id per request is also shown,
and a wrong secret for one of 300 known ids taken in turn, so each is asked for only after the gateway's 750 ms copy
of its record is stale (as a prober who waits, or who tries each candidate id once, sees it): compare that with the
fresh unknown id.
The Gateway must run with a large Auth:FailureBurst, or the failures turn into 429s after the burst.
"""
import hashlib
import http.client
import json
import os
import random
import statistics
import sys
import time
import urllib.parse

PATH = os.environ.get("AUTH_BENCH_PATH", "/v1/models")
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(data: bytes, length: int) -> str:
    number = int.from_bytes(data, "big")
    digits = []
    for _ in range(length):
        number, remainder = divmod(number, 62)
        digits.append(ALPHABET[remainder])
    return "".join(reversed(digits))


def access_key(key_id: str, secret: bytes) -> str:
    body = "sk-Xvs" + key_id + base62(secret, 43)
    return body + base62(hashlib.sha256(body.encode("ascii")).digest()[:4], 6)


def call(connection, method, path, headers=None, body=None):
    connection.request(method, path, body=json.dumps(body) if body is not None else None,
                       headers={"Content-Type": "application/json", **(headers or {})})
    response = connection.getresponse()
    return response.status, response.read()


def main():
    base, token = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    url = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port)
    status, created = call(connection, "POST", "/admin/tenants", {"Authorization": "Bearer " + token}, {"name": "timing"})
    assert status == 201, (status, created)
    status, claimed = call(connection, "POST", "/x/claim", body={"claim_token": json.loads(created)["claim_token"]})
    assert status == 201, (status, claimed)
    key = json.loads(claimed)["key"]
    # Known ids whose gateway copy is older than 750 ms (each revisited only after all others): a prober who waits.
    others = []
    for i in range(300):
        status, made = call(connection, "POST", "/x/keys", {"Authorization": "Bearer " + key}, {"name": f"k{i}"})
        assert status == 201, (status, made)
        others.append(json.loads(made)["key"])
    cycle = iter(others * 100)
    variants = {
        "unknown id": lambda: access_key(base62(b"unknown-key!", 17), bytes(32)),
        "unknown id, fresh each time": lambda: access_key(base62(os.urandom(12), 17), bytes(32)),
        "wrong secret": lambda: access_key(key[6:23], bytes(32)),
        "wrong secret, known id not read for >750 ms": lambda: access_key(next(cycle)[6:23], bytes(32)),
    }

    def measure():
        """One request of each variant in turn (shuffled), n times, so background work and other load hit every variant alike."""
        times = {name: [] for name in variants}
        for _ in range(n):
            # In a random order each time: a variant that always followed the costly fresh-id request would pay for it.
            for name, make_key in random.sample(list(variants.items()), len(variants)):
                headers = {"Authorization": "Bearer " + make_key()}
                started = time.perf_counter()
                status, _ = call(connection, "GET", PATH, headers)
                times[name].append(time.perf_counter() - started)
                assert status == 401, status
        return {name: statistics.median(values) * 1000 for name, values in times.items()}

    for round_ in ["warm-up", 1, 2, 3]:
        medians = measure()
        if round_ != "warm-up":
            print(f"round {round_}, median of {n} requests each (401): " + ", ".join(f"{name} {ms:.3f} ms" for name, ms in medians.items()))


if __name__ == "__main__":
    main()
