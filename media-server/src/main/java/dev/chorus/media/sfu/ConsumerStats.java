package dev.chorus.media.sfu;

/**
 * One receiver's copy of one producer. Layers are -1 when nothing is forwarded (paused) and 0 for
 * single-stream tracks; {@code fractionLost}/{@code rttMillis} come from the receiver's reports.
 */
public record ConsumerStats(String mid, String producerId, String kind, long ssrc, long rtxSsrc,
                            int spatialLayer, int temporalLayer, int targetSpatialLayer, int targetTemporalLayer,
                            long bitrateBps, int renderWidth, int renderHeight, boolean pinned, long forwarded,
                            long dropped, long layerSwitches, long keyFrameRequests, long nacks, long retransmitted,
                            double fractionLost, long rttMillis) {
}
