package io.github.energy4j.agent.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Users for HTTP basic auth, one per line: {@code user:sha256:<64 hex digits>} (the SHA-256 of the password,
 * e.g. {@code printf %s 'secret' | sha256sum}) or {@code user:plain:<password>}. Blank lines and lines
 * starting with {@code #} are ignored. Comparisons take constant time; messages never echo secrets.
 */
public final class BasicAuthFile {

    private final Map<String, byte[]> sha256ByUser;

    private BasicAuthFile(Map<String, byte[]> sha256ByUser) {
        this.sha256ByUser = sha256ByUser;
    }

    /**
     * @throws IllegalArgumentException naming the line number (never its content) and the expected format
     */
    public static BasicAuthFile parse(List<String> lines) {
        Map<String, byte[]> users = new LinkedHashMap<>();
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
            byte[] hash;
            if (scheme.equals("sha256")) {
                if (secret.length() != 64) {
                    throw bad(i);
                }
                try {
                    hash = HexFormat.of().parseHex(secret.toLowerCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw bad(i);
                }
            } else if (scheme.equals("plain") && !secret.isEmpty()) {
                hash = sha256(secret);
            } else {
                throw bad(i);
            }
            users.put(user, hash);
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("--basic-auth-file has no users; add lines user:sha256:<hex> or "
                    + "user:plain:<password>");
        }
        return new BasicAuthFile(users);
    }

    /** Whether the user exists and the password matches. */
    public boolean check(String user, String password) {
        byte[] want = sha256ByUser.get(user);
        byte[] got = sha256(password == null ? "" : password);
        // compare against something even for unknown users, so timing does not tell which users exist
        return MessageDigest.isEqual(want == null ? new byte[32] : want, got) && want != null;
    }

    public int users() {
        return sha256ByUser.size();
    }

    private static IllegalArgumentException bad(int line) {
        return new IllegalArgumentException("--basic-auth-file line " + (line + 1)
                + " is not user:sha256:<64 hex digits> or user:plain:<password>");
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
