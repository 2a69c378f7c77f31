package dev.chorus.media.quality.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorStatsTest {
    @Test
    void mapeLeavesOutagesAndTheDecisionRangeLeavesOutCapacityNoLayerNeeds() {
        ErrorStats e = new ErrorStats();
        e.add(900, 1000); // 10 %
        e.add(3000, 2000); // 50 %
        e.add(5000, 20000); // 75 %: an LTE link far above every layer
        e.add(300, 50); // an outage: in MAE only
        assertEquals((0.1 + 0.5 + 0.75) / 3, e.mape(), 1e-12);
        assertEquals((0.1 + 0.5) / 2, e.mapeDecisionRange(), 1e-12);
        assertEquals(2, e.decisionRangeRows());
        assertEquals((100 + 1000 + 15000 + 250) / 4.0, e.maeKbps(), 1e-9);
        assertEquals(4, e.rows());
    }

    @Test
    void noRowsNoNumber() {
        ErrorStats e = new ErrorStats();
        e.add(5000, 20000);
        assertTrue(Double.isNaN(e.mapeDecisionRange()));
        assertTrue(Double.isNaN(new ErrorStats().mape()));
    }
}
