package io.github.energy4j.agent.serve;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Users for HTTP basic auth, one per line. Recommended: a salted, slow PBKDF2 hash,
 * {@code user:pbkdf2-sha256:<iterations>:<salt hex>:<hash hex>} (iterations at least {@value #MIN_ITERATIONS};
 * salt at least 16 bytes; hash 32 bytes; colons inside the hex are ignored, so the output of
 * {@code openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:SECRET -kdfopt hexsalt:SALT
 * -kdfopt iter:600000 PBKDF2} can be pasted). Still accepted: {@code user:sha256:<64 hex digits>} (unsalted; fast
 * to brute-force if the file leaks) and {@code user:plain:<password>}. Blank lines and lines starting with
 * {@code #} are ignored. Comparisons take constant time; messages never echo secrets.
 *
 * <p>A PBKDF2 check costs tens to hundreds of milliseconds by design; a credential that passed once is remembered
 * as a keyed SHA-256 (random key per process) so that a scraper with the right password does not pay it on every
 * scrape. Failed attempts are rate-limited per client by the server ({@link AuthThrottle}).
 */
public final class BasicAuthFile {

    static final int MIN_ITERATIONS = 10_000;
    private static final byte[] DUMMY_SALT = new byte[16];

    /** Per user: how to check a password. */
    private record Entry(String scheme, int iterations, byte[] salt, byte[] hash) {
    }

    private final Map<String, Entry> byUser;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    private BasicAuthFile(Map<String, Entry> byUser) {
        this.byUser = byUser;
        new SecureRandom().nextBytes(cacheKey);
    }

    /**
     * @throws IllegalArgumentException naming the line number (never its content) and the expected format
     */
    public static BasicAuthFile parse(List<String> lines) {
        Map<String, Entry> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            if (a <= 0 || b < 0) {
                throw bad(i);
            }
            String user = line.substring(0, a);
            String scheme = line.substring(a + 1, b).toLowerCase(Locale.ROOT);
            String secret = line.substring(b + 1);
            Entry e;
            if (scheme.equals("pbkdf2-sha256")) {
                e = pbkdf2(secret, i);
            } else if (scheme.equals("sha256")) {
                e = new Entry(scheme, 0, null, hex(secret, 32, i));
            } else if (scheme.equals("plain") && !secret.isEmpty()) {
                e = new Entry("sha256", 0, null, sha256(secret));
            } else {
                throw bad(i);
            }
            users.put(user, e);
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("--basic-auth-file has no users; add lines "
                    + "user:pbkdf2-sha256:<iterations>:<salt hex>:<hash hex> (see README)");
        }
        return new BasicAuthFile(users);
    }

    private static Entry pbkdf2(String secret, int line) {
        String[] f = secret.split(":", -1);
        // colons inside the hex (openssl's output) are allowed: iterations, then salt and hash split evenly
        if (f.length < 3) {
            throw bad(line);
        }
        int iterations;
        try {
            iterations = Integer.parseInt(f[0]);
        } catch (NumberFormatException e) {
            throw bad(line);
        }
        String rest = secret.substring(f[0].length() + 1);
        String compact = rest.replace(":", "");
        // the hash is the last 64 hex digits; the salt is what comes before
        if (compact.length() < 64 + 32) {
            throw bad(line);
        }
        byte[] salt = hex(compact.substring(0, compact.length() - 64), -1, line);
        byte[] hash = hex(compact.substring(compact.length() - 64), 32, line);
        if (iterations < MIN_ITERATIONS || salt.length < 16) {
            throw new IllegalArgumentException("--basic-auth-file line " + (line + 1) + ": pbkdf2-sha256 needs at least "
                    + MIN_ITERATIONS + " iterations and a salt of at least 16 bytes");
        }
        return new Entry("pbkdf2-sha256", iterations, salt, hash);
    }

    private static byte[] hex(String s, int bytes, int line) {
        try {
            byte[] b = HexFormat.of().parseHex(s.toLowerCase(Locale.ROOT));
            if (bytes >= 0 && b.length != bytes) {
                throw bad(line);
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw bad(line);
        }
    }

    /**
     * The user and password of a {@code Basic} Authorization header value, or null when absent or malformed.
     */
    public static String[] decodeHeader(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int c = decoded.indexOf(':');
        return c < 0 ? null : new String[] {decoded.substring(0, c), decoded.substring(c + 1)};
    }

    /** Whether the user exists and the password matches. Thread-safe. */
    public boolean check(String user, String password) {
        String pw = password == null ? "" : password;
        Entry e = byUser.get(user);
        byte[] fast = keyed(user, pw);
        byte[] seen = e == null ? null : verified.get(user);
        if (seen != null && MessageDigest.isEqual(seen, fast)) {
            return true;
        }
        boolean ok;
        if (e == null) {
            // spend the same time as for a real user, so timing does not tell which users exist
            derive(pw, DUMMY_SALT, MIN_ITERATIONS);
            ok = false;
        } else if (e.scheme().equals("pbkdf2-sha256")) {
            ok = MessageDigest.isEqual(e.hash(), derive(pw, e.salt(), e.iterations()));
        } else {
            ok = MessageDigest.isEqual(e.hash(), sha256(pw));
        }
        if (ok) {
            verified.put(user, fast);
        }
        return ok;
    }

    public int users() {
        return byUser.size();
    }

    private byte[] keyed(String user, String pw) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(cacheKey);
            d.update(user.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            return d.digest(pw.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IllegalArgumentException bad(int line) {
        return new IllegalArgumentException("--basic-auth-file line " + (line + 1)
                + " is not user:pbkdf2-sha256:<iterations>:<salt hex>:<hash hex>, user:sha256:<64 hex digits> or "
                + "user:plain:<password>");
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
