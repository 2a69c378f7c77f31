package dev.chorus.media.forwarding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampRewriterTest {

    /** Steps {@code <layer>:<srcTs>@<ms>=<outTs>}: rewrite a packet arriving at {@code ms}. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "first packet gets the initial value      | 90000 | 1000       | 0:5000@0=1000",
            "a layer keeps its source spacing         | 90000 | 1000       | 0:5000@0=1000 0:5000@1=1000 0:8000@33=4000 0:11000@70=7000",
            "switch advances by the elapsed time      | 90000 | 1000       | 0:5000@0=1000 1:777@100=10000 1:777@101=10000 1:3777@133=13000",
            "switch with no elapsed time advances by 1 | 90000 | 1000      | 0:5000@0=1000 1:9@0=1001",
            "clock going backwards still advances     | 90000 | 1000       | 0:5000@50=1000 1:9@10=1001",
            "elapsed counts from the last packet      | 90000 | 1000       | 0:5000@0=1000 0:8000@33=4000 0:5000@34=1000 1:0@44=4900",
            "switch back and forth stays monotonic    | 90000 | 1000       | 0:0@0=1000 1:123456@10=1900 0:3000@20=2800 2:99@30=3700",
            "wrap in the source                       | 90000 | 1000       | 0:4294967000@0=1000 0:200@33=1496",
            "wrap in the output                       | 90000 | 4294967000 | 0:100@0=4294967000 0:3100@33=2704 1:50@43=3604",
            "switch across the output wrap            | 90000 | 4294967290 | 0:0@0=4294967290 1:123@1=84",
            "other clock rate                         | 48000 | 0          | 0:0@0=0 1:5@10=480",
            "long gaps are clamped to ten minutes     | 90000 | 1000       | 0:0@0=1000 1:0@700000=54001000",
    })
    void script(String name, int clockRate, long initial, String script) {
        TimestampRewriter r = new TimestampRewriter(clockRate, initial);
        for (String step : script.trim().split("\\s+")) {
            String[] a = step.split("[:@=]");
            long out = r.rewrite(Integer.parseInt(a[0]), Long.parseLong(a[1]), Long.parseLong(a[2]) * 1_000_000L);
            assertEquals(Long.parseLong(a[3]), out, step);
        }
    }

    /** Steps as above after {@code continueFrom(lastTs, lastMs)}: the first packet is placed like a switch. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "continues after the elapsed time          | 5000       | 0   | 0:123@100=14000 0:3123@133=17000",
            "continues by at least one tick            | 5000       | 100 | 0:123@100=5001",
            "continues across the wrap                 | 4294967290 | 0   | 1:9@1=84",
    })
    void continued(String name, long lastTs, long lastMs, String script) {
        TimestampRewriter r = new TimestampRewriter(90000, 777);
        r.continueFrom(lastTs, lastMs * 1_000_000L);
        for (String step : script.trim().split("\\s+")) {
            String[] a = step.split("[:@=]");
            assertEquals(Long.parseLong(a[3]), r.rewrite(Integer.parseInt(a[0]), Long.parseLong(a[1]),
                    Long.parseLong(a[2]) * 1_000_000L), step);
        }
    }
}
