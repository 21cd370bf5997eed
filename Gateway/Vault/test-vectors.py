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

def bound_aad(fields):
    """v2 provider key AAD: the label, then each field as a 4-byte big-endian UTF-8 byte count and the bytes."""
    out = b"xai-router/v2/provider-key"
    for field in fields:
        data = field.encode("utf-8")
        out += len(data).to_bytes(4, "big") + data
    return out

def bound_provider_key_vector(name, provider, auth_scheme, base_url):
    pool_key = bytes(range(0x40, 0x60))
    nonce = bytes(range(0x90, 0x9C))
    tenant, provider_key_id, pool, version = "T3nantTestVector000000", "PkIdTestVector000", "default", 3
    header_template = ""
    provider_key = "sk-proj-test-vector-provider-key"
    aad = bound_aad([tenant, provider_key_id, pool, str(version), provider, auth_scheme, base_url, header_template])
    sealed = AESGCM(pool_key).encrypt(nonce, provider_key.encode(), aad)
    return {
        "name": name,
        "inputs": {
            "tenant": tenant, "provider_key_id": provider_key_id, "pool": pool, "version": version,
            "provider": provider, "auth_scheme": auth_scheme, "base_url": base_url, "header_template": header_template,
            "pool_key_hex": pool_key.hex(), "nonce_hex": nonce.hex(), "provider_key_utf8": provider_key,
        },
        "outputs": {"aad_hex": aad.hex(), "sealed_hex": sealed.hex()},
    }

def bound_provider_key_vectors():
    return [
        bound_provider_key_vector("openai-compatible, '|' in the URL", "openai-compatible", "bearer", "https://llm.example/v1?route=a|b"),
        bound_provider_key_vector("anthropic", "anthropic", "x-api-key", "https://api.anthropic.com"),
    ]

def header_template(headers):
    """Issue 15: the v2 AAD's header template: 'name: value' lines (lower-case names), sorted by name, joined with LF; '' when none."""
    return "\n".join(f"{name.lower()}: {value}" for name, value in sorted(headers.items(), key=lambda h: h[0].lower()))

def provider_key_header_template_vector():
    """A bound provider key with account headers (OpenAI-Organization / OpenAI-Project) in its header template."""
    pool_key = bytes(range(0x40, 0x60))
    nonce = bytes(range(0xA0, 0xAC))
    tenant, provider_key_id, pool, version = "T3nantTestVector000000", "PkIdTestVector001", "default", 1
    provider, auth_scheme, base_url = "openai", "bearer", "https://api.openai.com/v1"
    organization, project = "org-TestVectorOrg0001", "proj_TestVectorProject01"
    provider_key = "sk-proj-test-vector-provider-key"
    template = header_template({"OpenAI-Project": project, "OpenAI-Organization": organization})
    assert header_template({}) == ""
    aad = bound_aad([tenant, provider_key_id, pool, str(version), provider, auth_scheme, base_url, template])
    sealed = AESGCM(pool_key).encrypt(nonce, provider_key.encode(), aad)
    return {
        "name": "openai with organization and project",
        "inputs": {
            "tenant": tenant, "provider_key_id": provider_key_id, "pool": pool, "version": version,
            "provider": provider, "auth_scheme": auth_scheme, "base_url": base_url,
            "organization": organization, "project": project,
            "pool_key_hex": pool_key.hex(), "nonce_hex": nonce.hex(), "provider_key_utf8": provider_key,
        },
        "outputs": {"header_template": template, "aad_hex": aad.hex(), "sealed_hex": sealed.hex()},
    }

def azure_route_template(api_version, deployments):
    """Issue 17: an azure-openai key's route lines, appended to its header template (no account headers: they are refused
    for this kind): 'api-version: {v}', then 'deployment {model}: {name}' per map entry in ordinal model order, LF-joined."""
    lines = [f"api-version: {api_version}"]
    lines += [f"deployment {model}: {name}" for model, name in sorted(deployments.items())]
    return "\n".join(lines)

def bound_provider_key_azure_vector():
    """A bound azure-openai provider key: scheme api-key, resource endpoint as base URL, api-version and deployments bound."""
    pool_key = bytes(range(0x40, 0x60))
    nonce = bytes(range(0xB0, 0xBC))
    tenant, provider_key_id, pool, version = "T3nantTestVector000000", "PkIdTestVector002", "default", 2
    provider, auth_scheme, base_url = "azure-openai", "api-key", "https://contoso.openai.azure.com"
    api_version = "2024-10-21"
    models = ["gpt-4o-mini", "gpt-4o", "text-embedding-3-small"]
    deployments = {"gpt-4o-mini": "mini-prod", "gpt-4o": "prod.gpt-4o_1"}
    provider_key = "0123456789abcdef0123456789abcdef"
    template = azure_route_template(api_version, deployments)
    assert template == "api-version: 2024-10-21\ndeployment gpt-4o: prod.gpt-4o_1\ndeployment gpt-4o-mini: mini-prod"
    aad = bound_aad([tenant, provider_key_id, pool, str(version), provider, auth_scheme, base_url, template])
    sealed = AESGCM(pool_key).encrypt(nonce, provider_key.encode(), aad)
    return {
        "name": "azure-openai with api-version and deployments",
        "inputs": {
            "tenant": tenant, "provider_key_id": provider_key_id, "pool": pool, "version": version,
            "provider": provider, "auth_scheme": auth_scheme, "base_url": base_url,
            "models": models, "api_version": api_version, "deployments": deployments,
            "pool_key_hex": pool_key.hex(), "nonce_hex": nonce.hex(), "provider_key_utf8": provider_key,
        },
        "outputs": {"header_template": template, "aad_hex": aad.hex(), "sealed_hex": sealed.hex()},
    }

def sealed_slot_vector():
    """Public-key slots (FORMAT.md, "Public-key slots"): a pool key sealed to an access key's X25519 public key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    secret, salt, pepper = bytes(range(0x00, 0x20)), bytes(range(0x20, 0x40)), ""
    pool_key = bytes(range(0x40, 0x60))
    ephemeral_seed = bytes(range(0xA0, 0xC0))
    nonce = bytes(range(0xC0, 0xCC))
    tenant, key_id, pool, version = "T3nantTestVector000000", "KeyIdTestVector00", "default", 2

    prk = hkdf_extract(salt, secret + pepper.encode())
    x25519_info = f"xai-router/v2/x25519|{tenant}|{key_id}"
    recipient_seed = hkdf_expand(prk, x25519_info.encode())
    recipient = X25519PrivateKey.from_private_bytes(recipient_seed)
    recipient_public = recipient.public_key().public_bytes_raw()
    ephemeral = X25519PrivateKey.from_private_bytes(ephemeral_seed)
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    assert shared == recipient.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    label = f"xai-router/v2/sealed-slot|{tenant}|{key_id}|{pool}|{version}"
    wrap_key = hkdf_expand(hkdf_extract(ephemeral_public + recipient_public, shared), label.encode())
    sealed = AESGCM(wrap_key).encrypt(nonce, pool_key, label.encode())
    holder_message = f"xai-router/v2/holder|{tenant}|{key_id}|{pool}|{version}|".encode() + recipient_public
    holder_tag = hmac.new(pool_key, holder_message, hashlib.sha256).digest()
    # The voucher (FORMAT.md, "Vouchers"): keyed by a pool version the recipient already holds (here default@1).
    voucher_pool, voucher_version, voucher_key = "default", 1, bytes(range(0x60, 0x80))
    voucher_label = f"xai-router/v2/voucher|{tenant}|{key_id}|{pool}|{version}|{voucher_pool}|{voucher_version}|"
    voucher = hmac.new(voucher_key, voucher_label.encode() + ephemeral_public + nonce + sealed, hashlib.sha256).digest()
    return {
        "name": "sealed slot",
        "inputs": {
            "secret_hex": secret.hex(), "salt_hex": salt.hex(), "pepper_utf8": pepper,
            "tenant": tenant, "key_id": key_id, "pool": pool, "version": version,
            "pool_key_hex": pool_key.hex(), "ephemeral_private_hex": ephemeral_seed.hex(), "nonce_hex": nonce.hex(),
            "voucher_pool": voucher_pool, "voucher_version": voucher_version, "voucher_key_hex": voucher_key.hex(),
        },
        "outputs": {
            "prk_hex": prk.hex(), "x25519_info": x25519_info, "x25519_private_hex": recipient_seed.hex(),
            "public_key_hex": recipient_public.hex(), "ephemeral_public_hex": ephemeral_public.hex(),
            "shared_secret_hex": shared.hex(), "label": label, "wrap_key_hex": wrap_key.hex(),
            "sealed_hex": sealed.hex(), "holder_tag_hex": holder_tag.hex(),
            "voucher_label": voucher_label, "voucher_hex": voucher.hex(),
        },
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
    document = {"format": "xai-router/v1", "vectors": vectors, "passphrase": passphrase_vector()}
    document["bound_provider_key"] = bound_provider_key_vectors()
    document["sealed_slot"] = sealed_slot_vector()
    document["onboarding"] = onboarding_vectors()
    document["provider_key_header_template"] = provider_key_header_template_vector()
    document["bound_provider_key_azure"] = bound_provider_key_azure_vector()
    json.dump(document, f, indent=2)
    f.write("\n")
print(path)
