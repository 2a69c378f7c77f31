package dev.chorus.media.telemetry;

/**
 * The columns of a {@link TelemetryRow}, in CSV order: everything a server knows about one receiver's
 * link every 100 ms, from its own send side, the receiver's transport-wide CC feedback and RTCP, and
 * the estimator. Nothing here may come from a simulator's internals: the live server builds the same
 * rows. Unknown values are -1. Documented in docs/telemetry.md (keep the two in step; renaming or
 * reordering is a new {@link TelemetryRow#SCHEMA_VERSION}).
 */
public enum Feature {
    // ---- delay (from feedback: our send time vs. the receiver's arrival time)
    OWD_MS("owd_ms", "mean one-way queueing delay of packets reported in the window: (arrival − send) minus its 10 s minimum"),
    OWD_MAX_MS("owd_max_ms", "maximum of the same in the window"),
    OWD_GRADIENT("owd_gradient_ms_per_s", "least-squares slope of that delay over send time, packets of the last 500 ms"),
    DELAY_TREND_MS("delay_trend_ms", "the estimator's scaled trendline slope (GCC's overuse signal)"),
    DELAY_THRESHOLD_MS("delay_threshold_ms", "the estimator's adaptive overuse threshold"),
    JITTER_MS("jitter_ms", "RFC 3550 interarrival jitter of reported packets (send vs. arrival spacing)"),
    // ---- loss
    LOSS("loss", "share of media packets reported lost in the window (probe padding excluded)"),
    LOSS_EWMA("loss_ewma", "exponential average of loss, α = 0.1 per row (about 1 s)"),
    LOSS_ESTIMATOR("loss_estimator", "the loss-based estimator's loss fraction"),
    RTT_MS("rtt_ms", "round-trip time from RTCP receiver reports (-1 until known)"),
    // ---- rates
    ACKED_KBPS("acked_kbps", "the estimator's acknowledged throughput (500 ms window, receiver clock)"),
    RECV_KBPS("recv_kbps", "bytes newly reported received in the window, kbit/s"),
    SENT_KBPS("sent_kbps", "bytes sent in the window (media, retransmissions and probe padding), kbit/s"),
    PADDING_KBPS("padding_kbps", "probe padding sent in the window, kbit/s"),
    PACER_QUEUE_MS("pacer_queue_ms", "age of the oldest packet waiting in the pacer"),
    // ---- estimator
    ESTIMATE_KBPS("estimate_kbps", "the send-side estimate (target = min(delay-based, loss-based))"),
    DELAY_BASED_KBPS("delay_based_kbps", "the delay-based estimate"),
    LOSS_BASED_KBPS("loss_based_kbps", "the loss-based estimate"),
    USAGE("usage", "the overuse detector: 0 normal, 1 underusing, 2 overusing"),
    PROBE_KBPS("probe_kbps", "the last probe cluster's measured rate (-1 if none yet)"),
    PROBE_AGE_S("probe_age_s", "seconds since that probe result (-1 if none yet)"),
    PROBES_5S("probes_5s", "probe clusters started in the last 5 s"),
    SINCE_OVERUSE_S("since_overuse_s", "seconds since the detector last said overusing (capped at 60)"),
    // ---- allocation (the server's own decision, one row late)
    ALLOCATED_KBPS("allocated_kbps", "what the last allocation forwards (layers chosen + audio)"),
    DESIRED_KBPS("desired_kbps", "what every track's ideal layer would cost + audio"),
    // ---- history windows (over the previous rows)
    RECV_KBPS_MEAN_1S("recv_kbps_mean_1s", "mean recv_kbps over the last 1 s"),
    RECV_KBPS_MEAN_5S("recv_kbps_mean_5s", "mean recv_kbps over the last 5 s"),
    RECV_KBPS_MIN_5S("recv_kbps_min_5s", "minimum recv_kbps over the last 5 s"),
    RECV_KBPS_MAX_5S("recv_kbps_max_5s", "maximum recv_kbps over the last 5 s"),
    SENT_KBPS_MEAN_1S("sent_kbps_mean_1s", "mean sent_kbps over the last 1 s"),
    OWD_MS_MEAN_1S("owd_ms_mean_1s", "mean owd_ms over the last 1 s"),
    OWD_MS_MAX_5S("owd_ms_max_5s", "maximum owd_max_ms over the last 5 s"),
    LOSS_5S("loss_5s", "share of media packets reported lost over the last 5 s"),
    ESTIMATE_KBPS_MIN_5S("estimate_kbps_min_5s", "minimum estimate over the last 5 s"),
    ESTIMATE_KBPS_MAX_5S("estimate_kbps_max_5s", "maximum estimate over the last 5 s"),
    ESTIMATE_KBPS_1S_AGO("estimate_kbps_1s_ago", "the estimate 1 s ago");

    private final String column;
    private final String description;

    Feature(String column, String description) {
        this.column = column;
        this.description = description;
    }

    /** The CSV column name. */
    public String column() {
        return column;
    }

    public String description() {
        return description;
    }

    public static final int COUNT = values().length;
}
