package io.github.energy4j.agent;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code --flag value}, {@code --flag=value} and boolean {@code --flag} options against a fixed
 * set of known flags; anything else is a {@link UsageException} naming the flag.
 */
public final class Args {

    private final String command;
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args(String command) {
        this.command = command;
    }

    /**
     * @param valued  flags that take a value (without the leading dashes)
     * @param booleans flags that take none
     */
    public static Args parse(String command, List<String> args, Set<String> valued, Set<String> booleans) {
        return parse(command, args, valued, booleans, Set.of());
    }

    /**
     * @param handledElsewhere flags taken out before parsing (the carbon options), named in the list of known
     *                         flags when one is misspelt
     */
    public static Args parse(String command, List<String> args, Set<String> valued, Set<String> booleans,
                             Set<String> handledElsewhere) {
        Args a = new Args(command);
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.equals("--")) {
                a.positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!s.startsWith("--")) {
                a.positional.add(s);
                continue;
            }
            String name = s.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (booleans.contains(name)) {
                if (value != null) {
                    throw new UsageException(command + ": --" + name + " takes no value");
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException(command + ": --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                List<String> known = new ArrayList<>();
                valued.forEach(v -> known.add("--" + v));
                booleans.forEach(v -> known.add("--" + v));
                handledElsewhere.forEach(v -> known.add("--" + v));
                known.sort(null);
                throw new UsageException(command + ": unknown option --" + name + " (known: " + String.join(" ", known) + ")");
            }
        }
        return a;
    }

    public String get(String name, String def) {
        List<String> v = values.get(name);
        return v == null ? def : v.get(v.size() - 1);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public List<String> positional() {
        return positional;
    }

    /** One of {@code allowed}, case-insensitive. */
    public String choice(String name, String def, String... allowed) {
        String v = get(name, def).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new UsageException(command + ": --" + name + " must be one of " + String.join(", ", allowed) + ", was '"
                + v + "'");
    }

    public Duration duration(String name, Duration def) {
        String v = get(name, null);
        if (v == null) {
            return def;
        }
        try {
            return parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": --" + name + " '" + v + "' is not a duration (e.g. 500ms, 10s, 5m, 1h)");
        }
    }

    public int integer(String name, int def, int min, int max) {
        String v = get(name, null);
        if (v == null) {
            return def;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be an integer from " + min + " to " + max
                    + ", was '" + v + "'");
        }
    }

    /** Parses 500ms, 10s, 5m, 1h, plain seconds, or ISO-8601 (PT10S). */
    public static Duration parseDuration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
                if (d.isNegative()) {
                    throw new IllegalArgumentException("negative duration: " + s);
                }
                return d;
            }
            if (v.endsWith("ms")) {
                long ms = Long.parseLong(v.substring(0, v.length() - 2));
                if (ms < 0) {
                    throw new IllegalArgumentException("negative duration: " + s);
                }
                return Duration.ofMillis(ms);
            }
            double n;
            long unit;
            if (v.endsWith("s")) {
                n = Double.parseDouble(v.substring(0, v.length() - 1));
                unit = 1_000_000_000L;
            } else if (v.endsWith("m")) {
                n = Double.parseDouble(v.substring(0, v.length() - 1));
                unit = 60_000_000_000L;
            } else if (v.endsWith("h")) {
                n = Double.parseDouble(v.substring(0, v.length() - 1));
                unit = 3_600_000_000_000L;
            } else {
                n = Double.parseDouble(v);
                unit = 1_000_000_000L;
            }
            if (!(n >= 0) || Double.isInfinite(n)) {
                throw new IllegalArgumentException(s);
            }
            return Duration.ofNanos((long) (n * unit));
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not a duration: " + s, e);
        }
    }
}
