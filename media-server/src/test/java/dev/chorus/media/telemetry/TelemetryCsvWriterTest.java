package dev.chorus.media.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryCsvWriterTest {
    @Test
    void headerIsTheSchemaInFeatureOrder() {
        String[] cols = TelemetryCsvWriter.header().split(",");
        assertEquals("link", cols[0]);
        assertEquals("time_s", cols[1]);
        for (Feature f : Feature.values()) {
            assertEquals(f.column(), cols[2 + f.ordinal()]);
        }
        assertEquals(List.of("cap_next1s_kbps", "cap_low_next1s_kbps"), Arrays.asList(cols).subList(cols.length - 2, cols.length));
        assertEquals(cols.length, new HashSet<>(Arrays.asList(cols)).size(), "unique column names");
        for (String c : cols) {
            assertTrue(c.matches("[a-z0-9_]+"), c);
        }
    }

    /** docs/telemetry.md documents every column, in order. */
    @Test
    void theDocumentationListsEveryColumn() throws Exception {
        java.nio.file.Path doc = java.nio.file.Path.of("../docs/telemetry.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(doc), "docs not next to the module");
        String text = java.nio.file.Files.readString(doc);
        int at = 0;
        for (String c : TelemetryCsvWriter.header().split(",")) {
            int i = text.indexOf("| `" + c + "` |", at);
            assertTrue(i > at, c + " documented after the previous column");
            at = i;
        }
        assertTrue(text.contains("Schema version **" + TelemetryRow.SCHEMA_VERSION + "**"));
    }

    @Test
    void rowsWithAndWithoutLabels() throws Exception {
        double[] f = new double[Feature.COUNT];
        f[Feature.OWD_MS.ordinal()] = 12.34567;
        f[Feature.ESTIMATE_KBPS.ordinal()] = 1500;
        f[Feature.RTT_MS.ordinal()] = -1;
        f[Feature.LOSS.ordinal()] = 0.1;
        TelemetryRow live = new TelemetryRow("peer-1,a", 2_500_000_000L, f);
        StringWriter w = new StringWriter();
        TelemetryCsvWriter out = new TelemetryCsvWriter(w);
        out.write(live);
        out.write(live.withLabels(2000.5, 1800));
        out.flush();
        String[] lines = w.toString().split("\n");
        assertEquals(3, lines.length);
        String[] a = lines[1].split(",", -1);
        assertEquals("\"peer-1", a[0]); // quoted because of the comma
        String[] row = lines[1].substring(lines[1].indexOf("\",") + 2).split(",", -1);
        assertEquals("2.5", row[0]);
        assertEquals("12.346", row[1 + Feature.OWD_MS.ordinal()]);
        assertEquals("1500", row[1 + Feature.ESTIMATE_KBPS.ordinal()]);
        assertEquals("-1", row[1 + Feature.RTT_MS.ordinal()]);
        assertEquals("0.1", row[1 + Feature.LOSS.ordinal()]);
        assertEquals("", row[row.length - 2]); // live rows have no labels
        assertEquals("", row[row.length - 1]);
        assertTrue(lines[2].endsWith(",2000.5,1800"), lines[2]);
        assertThrows(IllegalArgumentException.class, () -> new TelemetryRow("x", 0, new double[3]));
    }
}
