package dev.chorus.signaling.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.protocol.Messages;

/**
 * {@code call-media}: someone switched the call between video and voice. Everyone present, the
 * sender included, is told, so all sides turn their cameras on or off from the same message.
 */
public final class CallMediaAnnouncement {
    private CallMediaAnnouncement() {}

    /** Room thread: {@code media} is {@code video} or {@code voice} (validated by the caller). */
    public static void announce(Participant sender, String media) {
        ObjectNode msg = Messages.of("call-media");
        msg.put("participantId", sender.id());
        msg.put("media", media);
        for (Participant p : sender.room().present()) {
            p.channel.send(msg);
        }
    }
}
