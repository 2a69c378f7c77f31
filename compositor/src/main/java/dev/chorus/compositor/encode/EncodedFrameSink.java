package dev.chorus.compositor.encode;

/** Receives encoded frames; the frame object is reused, so copy what must outlive the call. */
@FunctionalInterface
public interface EncodedFrameSink {
    void onFrame(EncodedFrame frame);
}
