package dev.chorus.media.quality.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.media.telemetry.TelemetryRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import smile.data.Tuple;
import smile.regression.Regression;

/**
 * The model file format, version 2:
 * <pre>
 * "CHORUSBWE"  9 bytes magic
 * u16          format version (2)
 * u32 + bytes  header: UTF-8 JSON of {@link ModelHeader}
 * u32 + bytes  the mean-capacity Smile regression, Java-serialized
 * u32 + bytes  the low-quantile Smile regression, Java-serialized (length 0: none)
 * </pre>
 * Version 1 (no low regression section) is refused: its models were trained before the policy used
 * the low quantile, and the loader's fallback is the GCC estimate.
 * The header is checked before the model is deserialized, and deserialization only admits Smile's
 * and the JDK's classes (a model file is data; it must not be able to instantiate arbitrary classes).
 */
public final class ModelFile {
    public static final int FORMAT_VERSION = 2;
    private static final byte[] MAGIC = "CHORUSBWE".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SECTION = 256 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Smile's trees reference only smile.*, java.* and arrays of those; anything else is refused. */
    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=200;smile.**;java.lang.*;java.util.*;java.util.function.*;java.lang.invoke.SerializedLambda;!*");

    private ModelFile() {
    }

    public static void write(LinkModel model, OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.write(MAGIC);
        d.writeShort(FORMAT_VERSION);
        byte[] header = JSON.writeValueAsBytes(model.header());
        d.writeInt(header.length);
        d.write(header);
        writeSection(d, model.regression());
        if (model.lowRegression() == null) {
            d.writeInt(0);
        } else {
            writeSection(d, model.lowRegression());
        }
        d.flush();
    }

    private static void writeSection(DataOutputStream d, Object regression) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(buf)) {
            o.writeObject(regression);
        }
        d.writeInt(buf.size());
        buf.writeTo(d);
    }

    /** Reads and validates a model; any problem is a {@link ModelFormatException} saying which. */
    public static LinkModel read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        try {
            byte[] magic = d.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new ModelFormatException("not a Chorus model file (bad magic)");
            }
            int version = d.readUnsignedShort();
            if (version != FORMAT_VERSION) {
                throw new ModelFormatException("model file format " + version + ", this server reads " + FORMAT_VERSION);
            }
            ModelHeader header;
            try {
                header = JSON.readValue(section(d, "header"), ModelHeader.class);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new ModelFormatException("unreadable model header: " + e.getOriginalMessage(), e);
            }
            validate(header);
            Regression<Tuple> mean = regression(section(d, "model"), "model");
            byte[] lowBody = section(d, "low model");
            Regression<Tuple> low = lowBody.length == 0 ? null : regression(lowBody, "low model");
            if ((low == null) != (header.lowLabel() == null)) {
                throw new ModelFormatException("header low label " + header.lowLabel() + " does not match the file's "
                        + (low == null ? "missing" : "present") + " low model");
            }
            return new LinkModel(header, mean, low);
        } catch (java.io.EOFException e) {
            throw new ModelFormatException("truncated model file", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Regression<Tuple> regression(byte[] body, String what) throws ModelFormatException {
        Object o;
        try (ObjectInputStream oi = new ObjectInputStream(new ByteArrayInputStream(body))) {
            oi.setObjectInputFilter(FILTER);
            o = oi.readObject();
        } catch (ClassNotFoundException | IOException | RuntimeException e) {
            throw new ModelFormatException("corrupt " + what + " body: " + e, e);
        }
        if (!(o instanceof Regression<?>)) {
            throw new ModelFormatException(what + " body is a " + o.getClass().getName() + ", not a regression");
        }
        return (Regression<Tuple>) o;
    }

    static void validate(ModelHeader h) throws ModelFormatException {
        if (h.schemaVersion() != TelemetryRow.SCHEMA_VERSION) {
            throw new ModelFormatException("model trained on telemetry schema " + h.schemaVersion()
                    + ", this server has " + TelemetryRow.SCHEMA_VERSION);
        }
        List<String> expected = List.of(LinkModel.featureNames());
        if (!expected.equals(h.features())) {
            throw new ModelFormatException("model features " + h.features() + " differ from this server's " + expected);
        }
    }

    private static byte[] section(DataInputStream d, String what) throws IOException {
        int n = d.readInt();
        if (n < 0 || n > MAX_SECTION) {
            throw new ModelFormatException("bad " + what + " length " + n);
        }
        byte[] b = d.readNBytes(n);
        if (b.length != n) {
            throw new ModelFormatException("truncated model file (" + what + ")");
        }
        return b;
    }
}
