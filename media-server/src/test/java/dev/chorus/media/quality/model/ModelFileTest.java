package dev.chorus.media.quality.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.telemetry.TelemetryRow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    private static final LinkModel MODEL = TestModels.tiny();

    @Test
    void roundTripKeepsHeaderAndPredictions() throws IOException {
        LinkModel back = ModelFile.read(new ByteArrayInputStream(TestModels.bytes(MODEL)));
        assertEquals(MODEL.header(), back.header());
        for (double est : new double[] {150, 800, 2500}) {
            double[] f = TestModels.features(est);
            assertEquals(MODEL.predictKbps(f), back.predictKbps(f), 1e-9);
        }
        // the tiny model learned label = 1.2 × estimate
        assertEquals(1.2 * 2000, back.predictKbps(TestModels.features(2000)), 2000 * 0.2);
    }

    @Test
    void roundTripKeepsTheLowQuantileRegression() throws IOException {
        LinkModel withLow = TestModels.tinyWithLow();
        LinkModel back = ModelFile.read(new ByteArrayInputStream(TestModels.bytes(withLow)));
        assertTrue(back.hasLow());
        assertEquals("capacity_low_next_1s_kbps", back.header().lowLabel());
        for (double est : new double[] {150, 800, 2500}) {
            double[] f = TestModels.features(est);
            assertEquals(withLow.predictLowKbps(f), back.predictLowKbps(f), 1e-9);
        }
        assertEquals(0.5 * 2000, back.predictLowKbps(TestModels.features(2000)), 2000 * 0.1);
        LinkModel plain = ModelFile.read(new ByteArrayInputStream(TestModels.bytes(MODEL)));
        assertFalse(plain.hasLow());
        assertTrue(Double.isNaN(plain.predictLowKbps(TestModels.features(1000))));
    }

    @Test
    void refusesAHeaderThatDisagreesWithTheLowSection() throws IOException {
        // header names a low label, the file has no low regression
        ModelHeader h = TestModels.tinyWithLow().header();
        LinkModel lying = new LinkModel(h, MODEL.regression());
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.read(new ByteArrayInputStream(TestModels.bytes(lying))));
        assertTrue(e.getMessage().contains("low"), e.getMessage());
    }

    @Test
    void refusesWrongMagicVersionSchemaAndFeatures() throws IOException {
        byte[] good = TestModels.bytes(MODEL);
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThrows(ModelFormatException.class, () -> ModelFile.read(new ByteArrayInputStream(magic)));
        byte[] version = good.clone();
        version[10] = 9; // low byte of the u16 format version after the 9-byte magic
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.read(new ByteArrayInputStream(version)));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
        LinkModel otherSchema = new LinkModel(TestModels.header(TelemetryRow.SCHEMA_VERSION + 1,
                List.of(LinkModel.featureNames())), MODEL.regression());
        e = assertThrows(ModelFormatException.class,
                () -> ModelFile.read(new ByteArrayInputStream(TestModels.bytes(otherSchema))));
        assertTrue(e.getMessage().contains("schema"), e.getMessage());
        List<String> swapped = new ArrayList<>(List.of(LinkModel.featureNames()));
        java.util.Collections.swap(swapped, 0, 1);
        LinkModel otherOrder = new LinkModel(TestModels.header(TelemetryRow.SCHEMA_VERSION, swapped), MODEL.regression());
        assertThrows(ModelFormatException.class,
                () -> ModelFile.read(new ByteArrayInputStream(TestModels.bytes(otherOrder))));
    }

    @Test
    void refusesTruncatedAndCorruptBodies() throws IOException {
        byte[] good = TestModels.bytes(MODEL);
        assertThrows(ModelFormatException.class,
                () -> ModelFile.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length - 100))));
        byte[] corrupt = good.clone();
        for (int i = good.length - 2000; i < good.length; i += 7) {
            corrupt[i] ^= 0x5a;
        }
        assertThrows(ModelFormatException.class, () -> ModelFile.read(new ByteArrayInputStream(corrupt)));
    }

    @Test
    void loaderFallsBackWithAReason(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.bin");
        Files.write(file, TestModels.bytes(MODEL));
        ModelLoader.Result ok = ModelLoader.fromFile(file);
        assertTrue(ok.loaded());
        ModelLoader.Result missing = ModelLoader.fromFile(dir.resolve("absent.bin"));
        assertFalse(missing.loaded());
        assertTrue(missing.problem().contains("not found"));
        Files.write(file, "garbage, not a model".getBytes());
        ModelLoader.Result corrupt = ModelLoader.fromFile(file);
        assertFalse(corrupt.loaded());
        assertTrue(corrupt.problem().contains("magic"), corrupt.problem());
        byte[] v = TestModels.bytes(MODEL);
        v[10] = 1; // the previous format (no low-quantile section) is refused, not misread
        Files.write(file, v);
        ModelLoader.Result wrongVersion = ModelLoader.fromFile(file);
        assertFalse(wrongVersion.loaded());
        assertTrue(wrongVersion.problem().contains("format 1"), wrongVersion.problem());
        assertFalse(ModelLoader.fromResource("/no/such/model.bin").loaded());
    }
}
