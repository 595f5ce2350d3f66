package io.github.usmartkit.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code catalogue}: {@link CatalogBench} through JMH, the kit's fork and readTree's in turns. */
final class CatalogueCase implements BenchCase {

    @Override
    public String name() {
        return "catalogue";
    }

    @Override
    public String about() {
        return "a 10,000-dataset DCAT catalogue → table vs Jackson's readTree of the same text (JMH)";
    }

    @Override
    public String takes() {
        return "about 1.5 min";
    }

    @Override
    public List<Row> run(BenchEnv env) throws Exception {
        Path dir = env.dir("catalogue");
        try {
            Row row = new Row(name(), "kit catalogue → table", new Samples("ms"), "readTree", new Samples("ms"), "≤ 1.5×");
            Map<String, String> p = Map.of("datasets", "10000");
            env.interleave(row, env.reps, i -> Jmh.msPerOp(CatalogBench.class, "catalogueToTable", p, dir.resolve("jmh-kit-" + i + ".log")),
                    i -> Jmh.msPerOp(CatalogBench.class, "readTreeOnly", p, dir.resolve("jmh-tree-" + i + ".log")), Ratio.KIT_OVER_BASELINE);
            return List.of(row.judge(r -> r.ratioMedian() <= 1.5));
        } finally {
            BenchEnv.deleteTree(dir);
        }
    }
}
