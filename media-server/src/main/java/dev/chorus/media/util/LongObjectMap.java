package dev.chorus.media.util;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Open-addressing map from a 32-bit unsigned key (an SSRC) to an object, so per-packet lookups do
 * not box. Not thread-safe: owned by one media thread.
 */
public final class LongObjectMap<V> {
    private static final long EMPTY = -1L;
    private long[] keys;
    private Object[] values;
    private int size;

    public LongObjectMap() {
        this(16);
    }

    public LongObjectMap(int capacity) {
        int cap = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1);
        keys = new long[cap];
        Arrays.fill(keys, EMPTY);
        values = new Object[cap];
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @SuppressWarnings("unchecked")
    public V get(long key) {
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k == EMPTY) {
                return null;
            }
        }
    }

    public void put(long key, V value) {
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            if (keys[i] == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    public V remove(long key) {
        V old = get(key);
        if (old == null) {
            return null;
        }
        // rebuild without the key: removals are rare (stream end), lookups are hot
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length];
        Arrays.fill(keys, EMPTY);
        values = new Object[oldKeys.length];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY && oldKeys[i] != key) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
        return old;
    }

    public int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    public void forEachValue(Consumer<V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                action.accept((V) values[i]);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void rehash(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new Object[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }

}
