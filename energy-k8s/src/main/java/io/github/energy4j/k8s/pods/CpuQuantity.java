package io.github.energy4j.k8s.pods;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Parses Kubernetes CPU quantities ({@code 250m}, {@code 0.5}, {@code 2}, {@code 100000n}) into millicores. */
public final class CpuQuantity {

    private CpuQuantity() {
    }

    /**
     * Millicores of a CPU quantity, rounded up as the API server does; -1 when the text is not a quantity.
     */
    public static long parseMillis(String q) {
        if (q == null) {
            return -1;
        }
        String s = q.trim();
        if (s.isEmpty()) {
            return -1;
        }
        BigDecimal scale = BigDecimal.valueOf(1000);
        int cut = s.length();
        char last = s.charAt(s.length() - 1);
        switch (last) {
            case 'n': scale = new BigDecimal("0.000001"); cut--; break;
            case 'u': scale = new BigDecimal("0.001"); cut--; break;
            case 'm': scale = BigDecimal.ONE; cut--; break;
            case 'k': scale = BigDecimal.valueOf(1_000_000L); cut--; break;
            case 'M': scale = BigDecimal.valueOf(1_000_000_000L); cut--; break;
            default: break;
        }
        try {
            BigDecimal v = new BigDecimal(s.substring(0, cut)).multiply(scale);
            if (v.signum() < 0) {
                return -1;
            }
            return v.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }
}
