package dev.chorus.signaling.ws;

import static dev.chorus.signaling.ws.TestServer.chat;
import static dev.chorus.signaling.ws.TestServer.expectError;
import static dev.chorus.signaling.ws.TestServer.joinOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.signaling.config.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code chat} (docs/protocol.md, People, chat and status in a room) against an in-process server. */
@Timeout(60)
class ChatProtocolTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(ServerConfig.ephemeralLoopback());
    }

    @AfterAll
    static void stop() {
        if (s != null) {
            s.close();
        }
    }

    @AfterEach
    void closeClients() {
        s.closeClients();
    }

    /** The next {@code n} chat messages' {@code message} objects, failing on anything else. */
    static List<JsonNode> chats(WsClient c, int n) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        while (out.size() < n) {
            JsonNode m = c.next();
            if ("participant-joined".equals(m.path("type").asText())) {
                continue;
            }
            assertEquals("chat", m.path("type").asText(), m.toString());
            out.add(m.path("message"));
        }
        return out;
    }

    /** Joins {@code n} clients; each has seen every later one join. */
    static List<WsClient> joinAll(String room, int n, List<String> ids) throws Exception {
        List<WsClient> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WsClient c = s.connect();
            ids.add(joinOk(c, room, "P" + i).path("participantId").asText());
            for (WsClient earlier : cs) {
                earlier.expect("participant-joined");
            }
            cs.add(c);
        }
        return cs;
    }

    @Test
    void everyoneSeesTheSameOrderWithRisingIdsAndServerTime() throws Exception {
        String room = s.createRoom();
        List<String> ids = new ArrayList<>();
        List<WsClient> cs = joinAll(room, 3, ids);
        long before = System.currentTimeMillis();
        // three senders at once: the room's thread must still give one order
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WsClient c = cs.get(i);
            int sender = i;
            sends.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int k = 0; k < 8; k++) {
                        c.send(chat("m" + sender + "-" + k));
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        List<List<JsonNode>> seen = new ArrayList<>();
        for (WsClient c : cs) {
            seen.add(chats(c, 24));
        }
        long after = System.currentTimeMillis();
        assertEquals(seen.get(0), seen.get(1), "receivers 0 and 1 disagree");
        assertEquals(seen.get(0), seen.get(2), "receivers 0 and 2 disagree");
        List<JsonNode> order = seen.get(0);
        long firstId = order.get(0).path("id").asLong();
        int[] nextPerSender = new int[3];
        for (int i = 0; i < order.size(); i++) {
            JsonNode m = order.get(i);
            assertEquals(firstId + i, m.path("id").asLong(), "ids rise by one: " + order);
            String text = m.path("text").asText();
            int sender = text.charAt(1) - '0';
            assertEquals("m" + sender + "-" + nextPerSender[sender]++, text, "each sender's messages in its own order");
            assertEquals(ids.get(sender), m.path("participantId").asText());
            assertEquals("P" + sender, m.path("name").asText());
            long ts = m.path("ts").asLong();
            assertTrue(ts >= before - 1000 && ts <= after + 1000, "ts is the server's epoch ms: " + ts);
        }
        assertEquals(1, firstId, "a new room's first message has id 1");
        for (WsClient c : cs) {
            c.expectQuiet(QUIET);
        }
    }

    @Test
    void aLateJoinerGetsTheLatest50OldestFirst() throws Exception {
        String room = s.createRoom();
        WsClient first = s.connect();
        JsonNode joined = joinOk(first, room, "First");
        assertEquals(0, joined.path("chat").size(), "an empty room has no history: " + joined);
        // 10 per sender per 5 s is the limit: six senders write 60 messages
        List<String> ids = new ArrayList<>();
        List<WsClient> senders = joinAll(room, 6, ids);
        for (int i = 0; i < 6; i++) {
            first.expect("participant-joined");
        }
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 10; k++) {
                senders.get(i).send(chat("text " + (i * 10 + k)));
            }
            chats(senders.get(i), 10 * (i + 1)); // wait for them, so that the order is known
        }
        List<JsonNode> all = chats(first, 60);
        WsClient late = s.connect();
        JsonNode history = joinOk(late, room, "Late").path("chat");
        assertEquals(50, history.size(), history.toString());
        for (int i = 0; i < 50; i++) {
            assertEquals(all.get(10 + i), history.get(i), "the newest 50 in order, same shape as chat.message");
            assertEquals(11 + i, history.get(i).path("id").asLong());
        }
        assertEquals("text 59", history.get(49).path("text").asText());
    }

    @Test
    void textIsTrimmedOrRefusedAndRefusalsAreCounted() throws Exception {
        String room = s.createRoom();
        WsClient a = s.connect();
        joinOk(a, room, "Ann");
        WsClient b = s.connect();
        joinOk(b, room, "Bob");
        a.expect("participant-joined");
        long badBefore = s.rejected("badRequest");
        String[] bad = {
            "{\"type\":\"chat\"}",
            "{\"type\":\"chat\",\"text\":null}",
            "{\"type\":\"chat\",\"text\":42}",
            "{\"type\":\"chat\",\"text\":[\"hi\"]}",
            "{\"type\":\"chat\",\"text\":{\"t\":\"hi\"}}",
            "{\"type\":\"chat\",\"text\":\"\"}",
            "{\"type\":\"chat\",\"text\":\"   \\n\\t  \"}",
        };
        for (String raw : bad) {
            expectError(b, raw, "bad-request", "chat");
        }
        b.send(chat("x".repeat(1001)));
        assertEquals("chat", b.expectError("message-too-long").path("requestType").asText());
        b.send(chat("y".repeat(200_000)));
        b.expectError("message-too-long");
        a.expectQuiet(QUIET); // nobody else heard of them
        assertTrue(s.rejected("badRequest") >= badBefore + bad.length + 2, "counted");

        b.send(chat("  " + "z".repeat(1000) + " \n"));
        JsonNode ok = b.expect("chat").path("message");
        assertEquals("z".repeat(1000), ok.path("text").asText(), "1000 after trimming is fine, sent trimmed");
        assertEquals(ok, a.expect("chat").path("message"));
        b.assertAlive();
    }

    @Test
    void moreThan10In5SecondsIsRateLimited() throws Exception {
        String room = s.createRoom();
        WsClient a = s.connect();
        joinOk(a, room, "Ann");
        WsClient b = s.connect();
        joinOk(b, room, "Bob");
        a.expect("participant-joined");
        long before = s.rejected("rateLimited");
        long t0 = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            b.send(chat("n" + i));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals("n" + i, b.expect("chat").path("message").path("text").asText());
        }
        assertEquals("chat", b.expectError("rate-limited").path("requestType").asText());
        b.expectError("rate-limited");
        assertEquals(10, chats(a, 10).size());
        a.expectQuiet(QUIET);
        assertTrue(s.rejected("rateLimited") >= before + 2);
        // Ann has her own budget
        a.send(chat("mine"));
        assertEquals("mine", a.expect("chat").path("message").path("text").asText());
        b.expect("chat");
        // the window slides: 5 s after the first ones, Bob may talk again
        Thread.sleep(Math.max(0, 5100 - (System.nanoTime() - t0) / 1_000_000));
        b.send(chat("again"));
        assertEquals("again", b.expect("chat").path("message").path("text").asText());
    }

    @Test
    void htmlInNamesAndTextComesBackVerbatim() throws Exception {
        String room = s.createRoom();
        String name = "<img src=x onerror=alert(1)>&amp;";
        String text = "<script>alert('hi')</script> & <b>bold</b> &lt;";
        WsClient a = s.connect();
        String aId = joinOk(a, room, name).path("participantId").asText();
        WsClient b = s.connect();
        JsonNode jb = joinOk(b, room, "<i>Bob</i>");
        assertEquals(name, TestServer.participant(jb.path("participants"), aId).path("name").asText());
        assertEquals("<i>Bob</i>", a.expect("participant-joined").path("participant").path("name").asText());
        a.send(chat(text));
        JsonNode m = b.expect("chat").path("message");
        assertEquals(text, m.path("text").asText());
        assertEquals(name, m.path("name").asText());
        assertEquals(m, a.expect("chat").path("message"));
        assertEquals(name, TestServer.participant(s.get("/api/rooms/" + room).path("participants"), aId).path("name").asText());
    }

    @Test
    void chatBeforeJoinIsRefused() throws Exception {
        WsClient c = s.connect();
        c.send(chat("hello"));
        assertEquals("chat", c.expectError("not-joined").path("requestType").asText());
        c.assertAlive();
    }
}
