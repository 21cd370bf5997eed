#!/usr/bin/env python3
"""Independent re-implementation of the XaiRouter vault format (FORMAT.md), used to produce test-vectors.json.

Requires the 'cryptography' package. The .NET test (VaultTestVectorTests) checks the project's own code
against the file this script writes, so the two implementations must agree byte for byte.
"""
import hashlib, hmac, json, os
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

def b62(data: bytes) -> str:
    import math
    length = math.ceil(len(data) * 8 / math.log2(62))
    n = int.from_bytes(data, "big")
    out = []
    for _ in range(length):
        n, r = divmod(n, 62)
        out.append(ALPHABET[r])
    return "".join(reversed(out))

def hkdf_extract(salt: bytes, ikm: bytes) -> bytes:
    return hmac.new(salt, ikm, hashlib.sha256).digest()

def hkdf_expand(prk: bytes, info: bytes, length: int = 32) -> bytes:
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]

def vector(name, pepper):
    secret = bytes(range(0x00, 0x20))
    salt = bytes(range(0x20, 0x40))
    pool_key = bytes(range(0x40, 0x60))
    slot_nonce = bytes(range(0x60, 0x6C))
    provider_nonce = bytes(range(0x70, 0x7C))
    tenant, key_id, pool, version = "T3nantTestVector000000", "KeyIdTestVector00", "default", 1
    provider_key_id = "PkIdTestVector000"
    provider_key = "sk-proj-test-vector-provider-key"

    prk = hkdf_extract(salt, secret + pepper.encode())
    verifier = hkdf_expand(prk, b"xai-router/v1/verifier")
    kek_info = f"xai-router/v1/kek|{tenant}|{key_id}"
    kek = hkdf_expand(prk, kek_info.encode())
    slot_aad = f"xai-router/v1/slot|{tenant}|{key_id}|{pool}|{version}"
    slot = AESGCM(kek).encrypt(slot_nonce, pool_key, slot_aad.encode())
    provider_aad = f"xai-router/v1/provider-key|{tenant}|{provider_key_id}|{pool}|{version}"
    provider_sealed = AESGCM(pool_key).encrypt(provider_nonce, provider_key.encode(), provider_aad.encode())
    body = "sk-Xvs" + key_id + b62(secret)
    access_key = body + b62(hashlib.sha256(body.encode()).digest()[:4])
    return {
        "name": name,
        "inputs": {
            "secret_hex": secret.hex(), "salt_hex": salt.hex(), "pepper_utf8": pepper,
            "tenant": tenant, "key_id": key_id, "pool": pool, "version": version,
            "pool_key_hex": pool_key.hex(), "slot_nonce_hex": slot_nonce.hex(),
            "provider_key_id": provider_key_id, "provider_key_utf8": provider_key, "provider_nonce_hex": provider_nonce.hex(),
        },
        "outputs": {
            "prk_hex": prk.hex(), "verifier_hex": verifier.hex(),
            "kek_info": kek_info, "kek_hex": kek.hex(),
            "slot_aad": slot_aad, "slot_sealed_hex": slot.hex(),
            "provider_key_aad": provider_aad, "provider_key_sealed_hex": provider_sealed.hex(),
            "access_key": access_key,
        },
    }

def passphrase_vector():
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
    passphrase, salt = "correct horse battery staple", bytes(range(0x80, 0x90))
    prk = Argon2id(salt=salt, length=32, iterations=2, lanes=1, memory_cost=19456).derive(passphrase.encode())
    return {
        "name": "passphrase",
        "inputs": {"passphrase_utf8": passphrase, "salt_hex": salt.hex(), "memory_kib": 19456, "iterations": 2, "lanes": 1},
        "outputs": {"prk_hex": prk.hex(), "verifier_hex": hkdf_expand(prk, b"xai-router/v1/verifier").hex()},
    }

def onboarding_vectors():
    """Claim token hash and the peppered passphrase PRK (FORMAT.md, "Onboarding and passphrase pepper")."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
    tenant, secret = "T3nantTestVector000000", bytes(range(0xA0, 0xC0))
    token = "xct-" + tenant + "-" + b62(secret)
    claim_hash = hashlib.sha256(f"xai-router/v1/claim|{tenant}|".encode() + secret).digest()
    passphrase, salt, pepper = "correct horse battery staple", bytes(range(0x80, 0x90)), "pepper-for-test-vectors"
    argon2 = Argon2id(salt=salt, length=32, iterations=2, lanes=1, memory_cost=19456).derive(passphrase.encode())
    prk = hkdf_extract(pepper.encode(), argon2)
    return {
        "claim_token": {
            "inputs": {"tenant": tenant, "secret_hex": secret.hex()},
            "outputs": {"token": token, "hash_hex": claim_hash.hex()},
        },
        "peppered_passphrase": {
            "inputs": {"passphrase_utf8": passphrase, "salt_hex": salt.hex(), "pepper_utf8": pepper,
                       "memory_kib": 19456, "iterations": 2, "lanes": 1},
            "outputs": {"argon2id_hex": argon2.hex(), "prk_hex": prk.hex(),
                        "verifier_hex": hkdf_expand(prk, b"xai-router/v1/verifier").hex()},
        },
    }

vectors = [vector("no pepper", ""), vector("with pepper", "pepper-for-test-vectors")]
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-vectors.json")
with open(path, "w") as f:
    json.dump({"format": "xai-router/v1", "vectors": vectors, "passphrase": passphrase_vector(), "onboarding": onboarding_vectors()}, f, indent=2)
    f.write("\n")
print(path)
