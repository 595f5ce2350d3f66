package io.github.usmartkit.soak;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak in the regular suite ({@code mvn verify}): 30 seconds, and at least 200 operations, on 8
 * threads against a sandbox faulting a quarter of its requests; zero anomalies, every kind of
 * fault met, every write's answer lost at least once. Longer runs: {@code mvn -B verify -Psoak}
 * (5 minutes a seed, seeds 1, 2, 3) or any of {@code -Dsoak.seconds=600 -Dsoak.seeds=4,5
 * -Dsoak.threads=8 -Dsoak.faultRate=0.3 -Dsoak.minOps=200}; the figures go to the console and to
 * {@code target/soak/soak-seed{N}.json}.
 */
@Tag("slow")
class SoakIT {

    @Test
    void theKitReportsWhatTheServiceDid_underFaults() throws Exception {
        Soak.Options base = Soak.Options.defaults();
        Duration seconds = Duration.ofSeconds(Long.getLong("soak.seconds", base.duration().toSeconds()));
        int minOps = Integer.getInteger("soak.minOps", base.minOps());
        Soak.Options o = base.withDuration(seconds, minOps, seconds.multipliedBy(2).plusMinutes(3))
                .withThreads(Integer.getInteger("soak.threads", base.threads()))
                .withFaultRate(Double.parseDouble(System.getProperty("soak.faultRate", String.valueOf(base.faultRate()))))
                .withOut(Path.of(System.getProperty("soak.out", base.out().toString())), false);
        List<Long> seeds = Stream.of(System.getProperty("soak.seeds", "1").split(",")).map(String::strip).map(Long::parseLong).toList();
        for (long seed : seeds) {
            SoakReport r = Soak.run(o.withSeed(seed));
            assertEquals(List.of(), r.coverage(), "seed " + seed + ": the run must fault what the soak promises\n" + r.toText());
            assertEquals(List.of(), r.anomalies(), "seed " + seed + "\n" + r.toText());
            assertTrue(r.operations() >= minOps, r.toText());
            assertTrue(r.faultedShare() >= SoakReport.MIN_FAULTED, r.toText());
        }
    }
}
