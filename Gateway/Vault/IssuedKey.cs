
namespace XaiRouter.Gateway.Vault;

/// <summary>A new access key: the string to show its owner once, and the credential record to store.</summary>
internal sealed record IssuedKey(string AccessKey, AccessKeyRecord Record);
