package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.media.sfu.TransportStats;
import dev.chorus.media.sfu.WebRtcTransport;
import dev.chorus.signaling.config.ServerConfig;
import dev.chorus.signaling.protocol.Messages;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A browser's freeze count in {@code client-stats} reaches its receive transport's rate policy (the
 * learned policy's freeze feedback, docs/protocol.md) and shows in the transport's stats.
 */
@Timeout(60)
class FreezeReportProtocolTest {
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(ServerConfig.ephemeralLoopback().withBweModel("learned", null));
    }

    @AfterAll
    static void stop() {
        if (s != null) {
            s.close();
        }
    }

    private static ObjectNode freezes(long count) {
        ObjectNode m = Messages.of("client-stats");
        m.putObject("stats").put("score", 90).put("freezeCount", count);
        return m;
    }

    private static TransportStats.RatePolicy policyWhen(String room, long count) throws Exception {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (true) {
            List<WebRtcTransport> ts = s.server.media().router(room).transports();
            TransportStats.RatePolicy p = ts.get(0).stats().get(10, TimeUnit.SECONDS).ratePolicy();
            if (p.reportedFreezeCount() == count || System.nanoTime() > deadline) {
                return p;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void theFreezeCountReachesTheReceiversPolicy() throws Exception {
        String room = s.createRoom();
        WsClient a = s.connect();
        TestServer.joinOk(a, room, "Ann");
        a.send(TestServer.offer("chrome-offer.sdp"));
        TestServer.until(a, "answer");
        TransportStats.RatePolicy before = s.server.media().router(room).transports().get(0).stats()
                .get(10, TimeUnit.SECONDS).ratePolicy();
        assertEquals("learned", before.name());
        assertEquals(-1, before.reportedFreezeCount());
        a.send(freezes(3));
        TransportStats.RatePolicy p = policyWhen(room, 3);
        assertEquals(3, p.reportedFreezeCount(), p.toString());
        assertEquals("off", p.freezeFeedback(), "heard, and not used unless configured: " + p);
        // a report without the field leaves the last count alone
        ObjectNode none = Messages.of("client-stats");
        none.putObject("stats").put("score", 80);
        Thread.sleep(1100); // client-stats: at most 2 per second
        a.send(none);
        Thread.sleep(1100);
        assertEquals(3, policyWhen(room, 3).reportedFreezeCount());
        a.send(freezes(4));
        assertEquals(4, policyWhen(room, 4).reportedFreezeCount());
    }
}
