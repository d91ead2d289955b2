namespace Bunq.Emulator;

/// <summary>An OAuth client registered at the emulator, as bunq Developer would show it.</summary>
/// <param name="ClientId">The client id for the authorize URL and the token call.</param>
/// <param name="ClientSecret">The client secret for the token call.</param>
/// <param name="OwnerApiKey">The API key of the client's owner: the user that requests access (RequestedBy).</param>
public sealed record BunqEmulatorOAuthClient(string ClientId, string ClientSecret, string OwnerApiKey);
