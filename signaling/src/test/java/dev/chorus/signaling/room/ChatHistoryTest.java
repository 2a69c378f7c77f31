package dev.chorus.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

class ChatHistoryTest {
    @Test
    void idsRiseByOneAndOnlyTheLatest50AreKeptOldestFirst() {
        ChatHistory h = new ChatHistory();
        assertEquals(0, h.toJson().size());
        for (int i = 1; i <= 120; i++) {
            assertEquals(i, h.add("p" + (i % 3), "name", "text " + i, 1000L + i).id());
        }
        ArrayNode kept = h.toJson();
        assertEquals(ChatHistory.KEEP, kept.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(71 + i, kept.get(i).path("id").asLong());
            assertEquals("text " + (71 + i), kept.get(i).path("text").asText());
            assertEquals(1071 + i, kept.get(i).path("ts").asLong());
        }
    }

    @Test
    void theShapeIsThatOfTheChatMessage() {
        ChatHistory h = new ChatHistory();
        var m = h.add("pid", "<b>Ann</b>", "<i>hi</i> & bye", 42).toJson();
        assertEquals("{\"id\":1,\"participantId\":\"pid\",\"name\":\"<b>Ann</b>\",\"text\":\"<i>hi</i> & bye\",\"ts\":42}",
                m.toString());
    }
}
