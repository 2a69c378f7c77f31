package dev.chorus.media.sfu;

import dev.chorus.media.bwe.BweSnapshot;
import java.util.List;

/**
 * One peer's connection as the server sees it: ICE, the send-side estimate toward the peer and what the
 * allocator made of it, pacer and probing counters, every track it publishes and receives, and the
 * receive pipeline's stage counters, and the rate policy deciding this receiver's budget (config
 * {@code bwe.model}).
 */
public record TransportStats(String id, TransportState state, Ice ice, BweSnapshot estimate, long allocatedBps,
                             long desiredBps, Pacing pacing, long transportCcFeedbackReceived,
                             long transportCcFeedbackSent, List<ProducerStats> producers,
                             List<ConsumerStats> consumers, List<Stage> stages, RatePolicy ratePolicy) {

    /**
     * What this receiver's allocation may spend and who decided: {@code name} {@code gcc} (the estimate)
     * or {@code learned}; {@code predictedKbps} the model's last unbounded prediction (-1 for gcc or
     * before the first); {@code reportedFreezeCount} the receiver's own cumulative freeze count from its
     * last client-stats as the policy heard it (-1: none, or gcc); {@code freezeFeedback} what the policy
     * makes of those reports: {@code off}, {@code silent} (no recent report), {@code clear} or
     * {@code freezing} ({@link dev.chorus.media.quality.FreezeFeedback}).
     */
    public record RatePolicy(String name, long allowedBps, double predictedKbps, long reportedFreezeCount,
            String freezeFeedback) {
    }

    /**
     * ICE: {@code restarts} completed or pending since the first connection, the local ufrag the peer
     * must use now, and the remote address of the pair carrying media (null until one is selected).
     */
    public record Ice(int restarts, String localUfrag, String remoteAddress) {
    }

    /** The pacer toward this peer. */
    public record Pacing(long rateBps, int queuedPackets, long packetsSent, long packetsDropped,
                         long averageQueueDelayMicros, long maxQueueDelayMicros, long paddingPackets,
                         long paddingBytes, long retransmissionsRateLimited) {
    }

    /** One receive-pipeline stage. */
    public record Stage(String name, long packets, long bytes, long drops, long micros) {
    }
}
