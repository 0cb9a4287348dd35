package io.github.energy4j.agent.serve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An {@link SSLContext} from a PEM certificate chain and a PEM private key, with the JDK only. The key must
 * be unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}); RSA and EC keys work. Error messages never contain key
 * material.
 */
public final class PemTls {

    private PemTls() {
    }

    /**
     * @throws IllegalArgumentException naming the file and how to fix it
     */
    public static SSLContext context(Path certFile, Path keyFile) {
        List<X509Certificate> chain = certificates(read(certFile, "--tls-cert"), certFile);
        PrivateKey key = privateKey(read(keyFile, "--tls-key"), keyFile, chain.get(0).getPublicKey().getAlgorithm());
        try {
            char[] pass = new char[16];
            SecureRandom rnd = new SecureRandom();
            for (int i = 0; i < pass.length; i++) {
                pass[i] = (char) ('a' + rnd.nextInt(26));
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, pass, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("--tls-key " + keyFile + " does not match --tls-cert " + certFile
                    + " or cannot be used: " + e.getMessage());
        }
    }

    static List<X509Certificate> certificates(byte[] pem, Path file) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("--tls-cert " + file + " holds no certificate (expected PEM "
                        + "'-----BEGIN CERTIFICATE-----')");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-cert " + file + " is not a PEM certificate chain");
        }
    }

    /** Decodes an unencrypted PKCS#8 PEM key of the certificate's algorithm. */
    static PrivateKey privateKey(byte[] pemBytes, Path file, String algorithm) {
        String pem = new String(pemBytes, StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
                || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("--tls-key " + file + " is not an unencrypted PKCS#8 key; convert it: "
                    + "openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("--tls-key " + file + " holds no '" + begin + "' block");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException ex) {
            throw new IllegalArgumentException("--tls-key " + file + " is not a valid " + algorithm
                    + " PKCS#8 key for the certificate's public key");
        }
    }

    /** A reader's words for an I/O failure, without exception class names. */
    public static String why(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }

    private static byte[] read(Path f, String flag) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + f + " cannot be read (" + why(e)
                    + "); check the path and that this user may read it");
        }
    }
}
