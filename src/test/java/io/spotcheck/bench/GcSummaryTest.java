package io.spotcheck.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap figure read from a G1 log: a pause that ran out of to-space is not a live set; a full collection's result is. */
class GcSummaryTest {

    @Test
    void aPauseThatRanOutOfToSpaceDoesNotCountAsWhatTheServerKeeps() {
        BenchMain.GcSummary gc = BenchMain.GcSummary.of(List.of(
                "[0.627s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 27M->5M(512M) 4.218ms",
                "[2711.679s][info][gc] GC(731) Pause Cleanup 457M->457M(512M) 0.139ms",
                "[2713.376s][info][gc] GC(745) Pause Young (Normal) (G1 Preventive Collection) 495M->492M(512M) 5.193ms",
                "[2713.439s][info][gc] GC(748) To-space exhausted",
                "[2713.439s][info][gc] GC(748) Pause Young (Normal) (G1 Preventive Collection) 503M->503M(512M) 8.716ms",
                "[2713.478s][info][gc] GC(749) To-space exhausted",
                "[2713.479s][info][gc] GC(749) Pause Young (Normal) (G1 Evacuation Pause) 507M->507M(512M) 19.002ms",
                "[2713.645s][info][gc] GC(750) Pause Full (G1 Compaction Pause) 507M->77M(512M) 165.958ms",
                "[2713.647s][info][gc] GC(739) Concurrent Mark Cycle 670.799ms",
                "[2716.404s][info][gc] GC(754) Pause Remark 247M->247M(512M) 17.711ms",
                "[2762.614s][info][gc] GC(932) Pause Full (G1 Compaction Pause) 507M->289M(512M) 360.694ms"));

        assertThat(gc.collections()).isEqualTo(8);
        assertThat(gc.before()).isEqualTo(507);
        assertThat(gc.after()).as("largest after a collection that freed what it could").isEqualTo(492);
        assertThat(gc.fullCollections()).isEqualTo(2);
        assertThat(gc.afterFull()).isEqualTo(289);
        assertThat(gc.capacity()).isEqualTo(512);
    }

    @Test
    void aLogWithoutFullCollectionsHasNoFullLiveSet() {
        BenchMain.GcSummary gc = BenchMain.GcSummary.of(List.of(
                "[1.064s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 25M->6M(512M) 5.517ms"));
        assertThat(gc.fullCollections()).isZero();
        assertThat(gc.after()).isEqualTo(6);
    }
}
