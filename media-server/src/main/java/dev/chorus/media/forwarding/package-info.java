/**
 * Simulcast forwarding: one publisher's simulcast layers (independent VP8 or H.264 streams, each
 * with its own SSRC; VP8 optionally with temporal layers) to one receiver as one continuous stream.
 *
 * <p><b>Policy</b> (which packets): {@link dev.chorus.media.forwarding.LayerSelector}, one per
 * receiver per producer, decides whole frames, moving towards the allocator's target only at
 * points a decoder can follow (key frames for spatial switches, sync frames for temporal ones);
 * {@link dev.chorus.media.forwarding.KeyFrameRequestPolicy}, one per producer, turns its key frame
 * needs into a few PLIs.
 *
 * <p><b>Mechanism</b> (how they look): {@link dev.chorus.media.forwarding.SequenceNumberRewriter},
 * {@link dev.chorus.media.forwarding.TimestampRewriter} and
 * {@link dev.chorus.media.forwarding.Vp8PictureIdRewriter}, combined per receiver stream by
 * {@link dev.chorus.media.forwarding.SimulcastRewriter}: no holes for what the policy dropped,
 * holes kept for real loss, continuation at last + 1 across switches, exact retransmissions.
 *
 * <p>Per packet of layer {@code l} (worker thread, no allocation):
 * <pre>
 * boolean key = isKeyframe(payload);            if (key) keyFrames.onKeyFrame(l);
 * if (selector.decide(l, ts, tid, key, isStartOfFrame, layerSync, now) == FORWARD) {
 *     if (rewriter.prepare(l, packet, isVp8, now)) {  // reads the shared packet, never writes it
 *         copy with rewriter.preparedSequenceNumber() / preparedTimestamp() (PT, extensions, SSRC);
 *         rewriter.applyPrepared(copy, isVp8);       // VP8 ids, before any RTX encapsulation
 *         send(copy);
 *     }
 * } else {
 *     rewriter.drop(l, packet, isVp8);          // every dropped packet, of every layer
 * }
 * int need = selector.keyFrameNeeded();         // also on a receiver's PLI: the current layer
 * if (need &gt;= 0 &amp;&amp; keyFrames.request(need, now)) sendPli(ssrcOf(need));
 * </pre>
 * NACK from the receiver: {@code rewriter.lookup(outSeq)} → (layer, source seq) → that layer's
 * retransmission cache → {@code prepareRetransmission(outSeq)} → copy → {@code applyPrepared}.
 */
package dev.chorus.media.forwarding;
