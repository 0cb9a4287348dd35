package io.github.energy4j.internal;

import java.util.Arrays;

/**
 * Open-addressing (linear probing) map from {@code long} keys to {@code int} values with a
 * missing-value sentinel and backward-shift deletion, so no tombstones accumulate under pid churn.
 * Allocation-free except when it grows. Not thread-safe.
 */
public final class LongIntHashMap {

    private static final long EMPTY_KEY = Long.MIN_VALUE;

    private final int missingValue;
    private long[] keys;
    private int[] values;
    private int mask;
    private int size;
    private int resizeThreshold;

    public LongIntHashMap(int initialCapacity, int missingValue) {
        int cap = Integer.highestOneBit(Math.max(4, initialCapacity * 2 - 1)) << 1;
        this.missingValue = missingValue;
        allocate(cap);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY_KEY);
        values = new int[capacity];
        mask = capacity - 1;
        resizeThreshold = capacity / 2;
    }

    public int missingValue() {
        return missingValue;
    }

    public int size() {
        return size;
    }

    private static int hash(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The value for {@code key}, or the missing value. {@code key} must not be {@code Long.MIN_VALUE}. */
    public int get(long key) {
        final long[] ks = keys;
        final int m = mask;
        int i = hash(key, m);
        while (true) {
            long k = ks[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY_KEY) {
                return missingValue;
            }
            i = (i + 1) & m;
        }
    }

    /** Associates {@code value} with {@code key}; returns the previous value or the missing value. */
    public int put(long key, int value) {
        if (key == EMPTY_KEY) {
            throw new IllegalArgumentException("key Long.MIN_VALUE is reserved");
        }
        int i = hash(key, mask);
        while (true) {
            long k = keys[i];
            if (k == key) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            if (k == EMPTY_KEY) {
                keys[i] = key;
                values[i] = value;
                if (++size > resizeThreshold) {
                    rehash(keys.length << 1);
                }
                return missingValue;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes {@code key}; returns its value or the missing value. */
    public int remove(long key) {
        int i = hash(key, mask);
        while (true) {
            long k = keys[i];
            if (k == EMPTY_KEY) {
                return missingValue;
            }
            if (k == key) {
                int old = values[i];
                shiftBack(i);
                size--;
                return old;
            }
            i = (i + 1) & mask;
        }
    }

    private void shiftBack(int hole) {
        final int m = mask;
        int i = hole;
        int j = i;
        while (true) {
            j = (j + 1) & m;
            long k = keys[j];
            if (k == EMPTY_KEY) {
                break;
            }
            int home = hash(k, m);
            // move k into the hole unless its home lies cyclically in (i, j]
            if ((j > i && (home <= i || home > j)) || (j < i && (home <= i && home > j))) {
                keys[i] = k;
                values[i] = values[j];
                i = j;
            }
        }
        keys[i] = EMPTY_KEY;
    }

    private void rehash(int newCapacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(newCapacity);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY_KEY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    public void clear() {
        Arrays.fill(keys, EMPTY_KEY);
        size = 0;
    }
}
