package dev.chorus.signaling.e2e;

import java.util.Locale;

/**
 * One second of a real-browser check at the receiver: the browser's own {@code inbound-rtp} video statistics
 * (cumulative counters as read, rates over the second before), the shaped link rate the trace planned for that
 * second, and how the server saw the receiver then. Server fields are empty/-1 when its stats could not be read.
 *
 * @param tSec             seconds since the trace replay started
 * @param shapedKbit       the trace's mean planned rate over the second before
 * @param videoKbit        the video track's payload rate over the second before (getStats bytesReceived)
 * @param transportKbit    everything the receiver's transports received over the second before
 * @param serverPolicy     {@code ratePolicy.name} in the server's stats for the receiver
 * @param allowedKbit      {@code ratePolicy.allowedBps} / 1000: the budget the allocator got
 * @param estimateKbit     the send-side estimate toward the receiver
 * @param predictedKbps    the learned model's last unbounded prediction (-1 for gcc)
 * @param serverLayer      the spatial layer the server forwards to the receiver (-1 unknown)
 */
public record RealCheckSample(double tSec, double shapedKbit, long frameHeight, double framesPerSecond,
                              long framesDecoded, long freezeCount, double totalFreezesDurationSec,
                              double videoKbit, double transportKbit, String serverPolicy, long allowedKbit,
                              long estimateKbit, double predictedKbps, int serverLayer) {

    public static final String CSV_HEADER = "t_s,shaped_kbit,frame_height,fps,frames_decoded,freeze_count,"
            + "total_freezes_s,video_kbit,transport_kbit,server_policy,allowed_kbit,estimate_kbit,predicted_kbps,"
            + "server_layer";

    public String csv() {
        return String.format(Locale.ROOT, "%.2f,%.0f,%d,%.1f,%d,%d,%.3f,%.1f,%.1f,%s,%d,%d,%.0f,%d", tSec, shapedKbit,
                frameHeight, framesPerSecond, framesDecoded, freezeCount, totalFreezesDurationSec, videoKbit,
                transportKbit, serverPolicy, allowedKbit, estimateKbit, predictedKbps, serverLayer);
    }
}
