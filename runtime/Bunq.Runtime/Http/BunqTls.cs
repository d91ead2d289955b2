using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bunq.Runtime;

/// <summary>Certificate pinning and custom roots for the runtime's HTTP handler.</summary>
internal static class BunqTls
{
    public static bool IsPin(string? pin)
    {
        if (string.IsNullOrWhiteSpace(pin)) return false;
        var bytes = new byte[48];
        return Convert.TryFromBase64String(pin.Trim(), bytes, out var written) && written == 32;
    }

    /// <summary>base64(SHA-256(DER SubjectPublicKeyInfo)): the form HPKP and bunq's SDK documentation use.</summary>
    public static string PinOf(X509Certificate2 certificate)
        => Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    public static SocketsHttpHandler CreateHandler(BunqClientOptions options)
    {
        // Redirects off: bunq never redirects an API call, and following one would carry the token, the signature
        // and a signed payment body to wherever an unsigned answer points (or turn a POST into a GET there).
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        var pins = new HashSet<string>(options.PinnedPublicKeys.Select(p => p.Trim()), StringComparer.Ordinal);
        var roots = options.TrustedRootCertificates;
        if (pins.Count == 0 && roots.Count == 0) return handler;

        if (roots.Count > 0)
        {
            // The chain is built against these roots only, so the system store cannot vouch for a server here.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions.CertificateChainPolicy = policy;
        }
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            // Pins add to the ordinary checks (name, validity, chain); they never replace them.
            if (errors != SslPolicyErrors.None || certificate is null) return false;
            if (pins.Count == 0) return true;
            if (certificate is X509Certificate2 leaf && pins.Contains(PinOf(leaf))) return true;
            if (chain is null) return false;
            foreach (var element in chain.ChainElements)
            {
                if (pins.Contains(PinOf(element.Certificate))) return true;
            }
            return false;
        };
        return handler;
    }
}
