package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.lobby.Lobby;
import dev.chorus.signaling.room.Room;
import dev.chorus.signaling.room.RoomManager;
import dev.chorus.signaling.server.ServerCounters;
import dev.chorus.signaling.testing.LocalMediaServer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * A socket that closes while its {@code join} is still running on the room thread. The close is made
 * to happen at exactly the moment under test (inside the write of {@code joined}), so the order the CI
 * flake of session 11 hit by chance is reproduced every time.
 */
@Timeout(60)
class JoinWhileClosingTest {
    @RegisterExtension
    static final LocalMediaServer MEDIA = new LocalMediaServer();
    RoomManager rooms;
    Room room;
    LinkedBlockingQueue<ObjectNode> annInbox;
    EmbeddedChannel bob;

    @BeforeEach
    void annIsInTheRoom() throws Exception {
        rooms = new RoomManager(MEDIA.get(), true, 30);
        room = rooms.create();
        annInbox = new LinkedBlockingQueue<>();
        CompletableFuture<Void> joined = new CompletableFuture<>();
        room.execute(() -> {
            room.join("Ann", annInbox::add);
            joined.complete(null);
        });
        joined.get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (bob != null) {
            bob.finishAndReleaseAll();
        }
        rooms.close();
    }

    /** Closes the channel as soon as {@code joined} has been written: a client that hangs up on reading it. */
    static final class CloseAfterJoined extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean joined = msg instanceof TextWebSocketFrame f && f.text().contains("\"type\":\"joined\"");
            ctx.write(msg, promise);
            if (joined) {
                ctx.channel().close();
            }
        }
    }

    /** Bob joins on an embedded socket; the room thread is held until the test thread is done with it. */
    private void bobJoins(ChannelOutboundHandlerAdapter interceptor) throws InterruptedException {
        SignalingRequests requests = new SignalingRequests(rooms, new Lobby(rooms, Duration.ofSeconds(30)));
        bob = new EmbeddedChannel(interceptor, new SignalingWebSocketHandler(requests, new ServerCounters(), 65536));
        CountDownLatch hold = new CountDownLatch(1);
        room.execute(() -> {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        bob.writeInbound(new TextWebSocketFrame(
                "{\"type\":\"join\",\"roomId\":\"" + room.id() + "\",\"name\":\"Bob\"}"));
        hold.countDown();
    }

    private ObjectNode annGets(String type) throws InterruptedException {
        while (true) {
            ObjectNode m = annInbox.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "Ann got no '" + type + "'");
            if (m.path("type").asText().equals(type)) {
                return m;
            }
            assertFalse(m.path("type").asText().equals("participant-left"), "Bob left at once: " + m);
        }
    }

    @Test
    void aSocketClosedOnReadingJoinedIsDetachedForTheGracePeriodNotRemoved() throws Exception {
        bobJoins(new CloseAfterJoined());

        String bobId = annGets("participant-joined").path("participant").path("participantId").asText();
        ObjectNode updated = annGets("participant-updated"); // not participant-left: Bob may resume
        assertEquals(bobId, updated.path("participant").path("participantId").asText());
        assertEquals("reconnecting", updated.path("participant").path("connection").asText());
        assertFalse(bob.isActive());
        CompletableFuture<Integer> present = new CompletableFuture<>();
        room.execute(() -> present.complete(room.size()));
        assertEquals(2, present.get(10, TimeUnit.SECONDS), "Bob stays in the room, waiting for a resume");
    }
}
