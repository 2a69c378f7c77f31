package dev.chorus.media.bench;

import dev.chorus.media.srtp.SrtpProfile;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The receiver-independent part of {@link ForwardingBenchmark}'s path alone: copy the datagram in,
 * SRTP unprotect, parse (zero receivers).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InboundBenchmark {
    @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
    public String profile;

    @Param({"OpenSSL", "SunJCE"})
    public String aes;

    private final ForwardingBenchmark.Path path = new ForwardingBenchmark.Path();

    @Setup(Level.Trial)
    public void setup() {
        System.setProperty("chorus.srtp.aes", aes);
        path.setup(SrtpProfile.valueOf(profile), 0);
        System.out.println(ForwardingBenchmark.Path.cryptoDescription());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        path.close();
    }

    @Benchmark
    public int unprotectAndParse() {
        return path.forwardNext();
    }
}
