package dev.chorus.compositor.compose;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;

/**
 * libswscale contexts per (srcW, srcH, dstW, dstH), I420 to I420. Creating one builds filter tables
 * (expensive); a grid needs only a handful, so a small array searched linearly (no boxing, no allocation
 * on a hit) evicting round-robin is enough.
 */
final class SwsContexts implements AutoCloseable {
    private static final int MAX = 32;

    private final int flags;
    private final int[] keys = new int[MAX * 4];
    private final SwsContext[] contexts = new SwsContext[MAX];
    private int size;
    private int nextEvict;

    SwsContexts(int flags) {
        this.flags = flags;
    }

    SwsContext get(int srcW, int srcH, int dstW, int dstH) {
        for (int i = 0; i < size; i++) {
            int k = i * 4;
            if (keys[k] == srcW && keys[k + 1] == srcH && keys[k + 2] == dstW && keys[k + 3] == dstH) {
                return contexts[i];
            }
        }
        SwsContext ctx = swscale.sws_getContext(srcW, srcH, avutil.AV_PIX_FMT_YUV420P,
                dstW, dstH, avutil.AV_PIX_FMT_YUV420P, flags, null, null, (double[]) null);
        if (ctx == null || ctx.isNull()) {
            throw new IllegalStateException("sws_getContext failed for " + srcW + "x" + srcH + " -> " + dstW + "x" + dstH);
        }
        int slot;
        if (size < MAX) {
            slot = size++;
        } else {
            slot = nextEvict;
            nextEvict = (nextEvict + 1) % MAX;
            swscale.sws_freeContext(contexts[slot]);
        }
        keys[slot * 4] = srcW;
        keys[slot * 4 + 1] = srcH;
        keys[slot * 4 + 2] = dstW;
        keys[slot * 4 + 3] = dstH;
        contexts[slot] = ctx;
        return ctx;
    }

    int size() {
        return size;
    }

    @Override
    public void close() {
        for (int i = 0; i < size; i++) {
            swscale.sws_freeContext(contexts[i]);
            contexts[i] = null;
        }
        size = 0;
        nextEvict = 0;
    }
}
