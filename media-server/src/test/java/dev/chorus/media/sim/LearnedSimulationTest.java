package dev.chorus.media.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.quality.model.ModelLoader;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.sim.trace.TraceFormat;
import org.junit.jupiter.api.Test;

/** The shipped model driving the simulator: reproducible, and its predictions are scored. */
class LearnedSimulationTest {
    private static final long S = 1_000_000_000L;

    @Test
    void learnedRunsAreDeterministicAndScored() {
        LinkModel model = ModelLoader.shipped().model().orElseThrow();
        CapacityTrace step = CapacityTrace.builder("step-down", TraceFormat.GYM).add(20 * S, 2_500_000)
                .add(20 * S, 600_000).build();
        SimConfig config = SimConfig.of(40 * S, 11);
        LearnedEvaluation e1 = new LearnedEvaluation(model);
        LearnedEvaluation e2 = new LearnedEvaluation(model);
        RunResult a = new Simulation(step, e1.policyFor(step), config).run();
        RunResult b = new Simulation(step, e2.policyFor(step), config).run();
        assertEquals("learned", a.policy());
        // TimeSeries has identity equality: compare the numbers
        assertEquals(a.withoutDetail().toString().replaceAll("TimeSeries@\\w+", ""),
                b.withoutDetail().toString().replaceAll("TimeSeries@\\w+", ""));
        assertEquals(e1.total().mape(), e2.total().mape());
        assertTrue(e1.total().rows() > 300, "predictions scored: " + e1.total().rows());
        assertTrue(a.deliveredKbps() > 300, "delivered " + a.deliveredKbps());
        // the baselines are scored on exactly the rows the model was
        assertEquals(e1.total().rows(), e1.estimateBaseline().rows());
        assertEquals(e1.total().rows(), e1.ackedBaseline().rows());
        assertTrue(e1.estimateBaseline().mape() > 0 && e1.ackedBaseline().mape() > 0);
    }
}
