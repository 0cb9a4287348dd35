package io.github.energy4j.platform.redfish;

import io.github.energy4j.platform.internal.Durations;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.SourceContext;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Validated Redfish settings.
 *
 * @param url       service root, e.g. {@code https://bmc.example} ({@code redfish.url})
 * @param user      user name ({@code redfish.user}); empty for an unauthenticated service
 * @param password  from {@code redfish.passwordFile} or {@code REDFISH_PASSWORD}; never logged
 * @param auth      {@code session} (default) or {@code basic} ({@code redfish.auth})
 * @param chassis   chassis Ids to read ({@code redfish.chassis}, comma-separated); empty to choose
 * @param caFile    PEM file of trusted CA or BMC certificates ({@code redfish.caFile}); null for the JDK's
 * @param insecure  {@code redfish.insecure=true}: no certificate or host name check
 * @param timeout   per-request timeout ({@code redfish.timeout}, default 5 s)
 * @param interval  time between two polls ({@code redfish.interval}, default 2 s)
 * @param staleness age after which a reading is reported unavailable ({@code redfish.staleness}, default 15 s)
 */
record RedfishConfig(URI url, String user, String password, String auth, Set<String> chassis, Path caFile,
                     boolean insecure, Duration timeout, Duration interval, Duration staleness) {

    static final String PASSWORD_ENV = "REDFISH_PASSWORD";

    static RedfishConfig from(SourceContext ctx) throws EnergySourceException {
        String url = ctx.get("redfish.url", "");
        if (url.isEmpty()) {
            throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION, "redfish.url not set",
                    "set redfish.url to the BMC (https://<bmc-address>), redfish.user and " + PASSWORD_ENV);
        }
        try {
            URI uri = serviceRoot(url, ctx.getBoolean("redfish.insecure", false));
            String auth = ctx.get("redfish.auth", "session");
            if (!auth.equals("session") && !auth.equals("basic")) {
                throw new IllegalArgumentException("redfish.auth must be session or basic, was '" + auth + "'");
            }
            String password = ctx.env(PASSWORD_ENV);
            if (!ctx.get("redfish.password", "").isEmpty()) {
                throw new IllegalArgumentException("redfish.password is not accepted: a password in the configuration "
                        + "ends up on command lines and in dumps; export " + PASSWORD_ENV + " or set redfish.passwordFile");
            }
            String pf = ctx.get("redfish.passwordFile", "");
            if (!pf.isEmpty()) {
                try {
                    password = Files.readString(Path.of(pf), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new IllegalArgumentException("redfish.passwordFile " + pf + " is not readable: " + e.getMessage());
                }
            }
            String user = ctx.get("redfish.user", "");
            if (!user.isEmpty() && password == null) {
                throw new IllegalArgumentException("redfish.user is set but no password was given (export "
                        + PASSWORD_ENV + " or set redfish.passwordFile)");
            }
            Set<String> chassis = new LinkedHashSet<>();
            for (String s : ctx.get("redfish.chassis", "").split(",")) {
                if (!s.isBlank()) {
                    chassis.add(s.strip());
                }
            }
            String ca = ctx.get("redfish.caFile", "");
            return new RedfishConfig(uri, user, password, auth, Set.copyOf(chassis), ca.isEmpty() ? null : Path.of(ca),
                    ctx.getBoolean("redfish.insecure", false),
                    Durations.parse("redfish.timeout", ctx.get("redfish.timeout", "5s")),
                    Durations.parse("redfish.interval", ctx.get("redfish.interval", "2s")),
                    Durations.parse("redfish.staleness", ctx.get("redfish.staleness", "15s")));
        } catch (IllegalArgumentException e) {
            throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION, e.getMessage(),
                    "fix the redfish.* setting named above");
        }
    }

    /**
     * The service root without a trailing slash. Credentials inside the URL are refused (the URL is
     * shown in zones, messages and logs), and so is plain {@code http://} unless
     * {@code redfish.insecure=true}: it would send the password and token unencrypted.
     */
    private static URI serviceRoot(String url, boolean insecure) {
        URI uri;
        try {
            uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(url.indexOf('@') >= 0
                    ? "redfish.url is not a valid URL (put the user in redfish.user, never in the URL)"
                    : "redfish.url is not a valid URL: '" + url + "'");
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null && url.indexOf('@') >= 0) {
            throw new IllegalArgumentException("redfish.url must not contain a user or password; set redfish.user "
                    + "and " + PASSWORD_ENV + " or redfish.passwordFile");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("redfish.url must be an https:// URL, was '" + url + "'");
        }
        if (scheme.equals("http") && !insecure) {
            throw new IllegalArgumentException("redfish.url is plain http://, which sends the password unencrypted; "
                    + "use https://, or set redfish.insecure=true to allow it, was '" + url + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("redfish.url must be the service root without query or fragment, was '"
                    + url + "'");
        }
        return uri;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "redfish " + url + (user.isEmpty() ? "" : " as " + user);
    }
}
