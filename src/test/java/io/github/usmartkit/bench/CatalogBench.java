package io.github.usmartkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.internal.catalog.DcatReader;
import io.github.usmartkit.internal.json.Json;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tech.tablesaw.api.Table;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A catalogue of {@code datasets} datasets in the shape uSmart serves (Project Open Data v1.1
 * {@code data.json}: bare keys, ~45 per dataset, most of them null, one to four distributions),
 * read to the {@code catalog()} table, against Jackson's {@code readTree} of the same bytes alone.
 * The target (issue 9): {@code catalogueToTable} within 1.5× of {@code readTreeOnly}.
 * <p>Run: {@code bin/usmart bench catalogue} (the suite's case: JMH forks of the two in turns,
 * median and spread of their ratio). {@link #main} is a paired run in one JVM instead: the two
 * alternate, {@code readTree} then {@code catalogue → table}, and it reports the medians of
 * their wall and CPU times and of the per-pair ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CatalogBench {

    @Param("10000")
    public int datasets;

    private byte[] document;
    private final ObjectMapper plain = new ObjectMapper();

    @Setup
    public void write() throws IOException {
        document = catalogue(datasets, 7).getBytes(StandardCharsets.UTF_8);
        Table t = DcatReader.read(new ByteArrayInputStream(document)).table();
        if (t.rowCount() != datasets) {
            throw new IllegalStateException("the reader read " + t.rowCount() + " of " + datasets + " datasets");
        }
    }

    /** Jackson alone, through the kit's mapper, from a stream as the reader gets it. */
    @Benchmark
    public JsonNode readTreeOnly() throws IOException {
        return Json.tree(new ByteArrayInputStream(document));
    }

    /** Jackson alone, a default ObjectMapper from the bytes. */
    @Benchmark
    public JsonNode readTreePlainMapper() throws IOException {
        return plain.readTree(document);
    }

    /** What {@code catalog()} does with an answer: read it, then make the table. */
    @Benchmark
    public Table catalogueToTable() throws IOException {
        return DcatReader.read(new ByteArrayInputStream(document)).table();
    }

    /** The reader without the table. */
    @Benchmark
    public Catalog catalogueOnly() throws IOException {
        return DcatReader.read(new ByteArrayInputStream(document));
    }

    /** Paired runs (see the class comment): {@code CatalogBench [PAIRS]}, default 60 after 20 to warm up. */
    public static void main(String[] args) throws IOException {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        byte[] doc = catalogue(10_000, 7).getBytes(StandardCharsets.UTF_8);
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] treeWall = new double[pairs];
        double[] tableWall = new double[pairs];
        double[] treeCpu = new double[pairs];
        double[] tableCpu = new double[pairs];
        double[] ratio = new double[pairs];
        double[] ratioCpu = new double[pairs];
        Object sink = null;
        for (int i = -20; i < pairs; i++) {
            long w0 = System.nanoTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            sink = Json.tree(new ByteArrayInputStream(doc));
            long w1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            sink = null;
            long w2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            sink = DcatReader.read(new ByteArrayInputStream(doc)).table();
            long w3 = System.nanoTime();
            long c3 = cpu.getCurrentThreadCpuTime();
            if (i >= 0) {
                treeWall[i] = (w1 - w0) / 1e6;
                tableWall[i] = (w3 - w2) / 1e6;
                treeCpu[i] = (c1 - c0) / 1e6;
                tableCpu[i] = (c3 - c2) / 1e6;
                ratio[i] = tableWall[i] / treeWall[i];
                ratioCpu[i] = tableCpu[i] / treeCpu[i];
            }
        }
        double leastTree = java.util.Arrays.stream(treeCpu).min().orElseThrow();
        double leastTable = java.util.Arrays.stream(tableCpu).min().orElseThrow();
        System.out.printf("datasets=10000 bytes=%d pairs=%d readTreeMedianMs=%.1f catalogueToTableMedianMs=%.1f ratioMedian=%.2f"
                        + " readTreeCpuMedianMs=%.1f catalogueToTableCpuMedianMs=%.1f cpuRatioMedian=%.2f"
                        + " readTreeCpuLeastMs=%.1f catalogueToTableCpuLeastMs=%.1f cpuRatioOfLeast=%.2f (%s)%n", doc.length, pairs,
                median(treeWall), median(tableWall), median(ratio), median(treeCpu), median(tableCpu), median(ratioCpu),
                leastTree, leastTable, leastTable / leastTree, sink == null ? "" : "read");
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    /** A POD v1.1 catalogue of {@code n} datasets, its values varied by {@code seed}. */
    static String catalogue(int n, long seed) {
        Random r = new Random(seed);
        String org = "d1b773fa-d2bd-4830-b399-ecfd18e832f3";
        StringBuilder sb = new StringBuilder(n * 2600);
        sb.append("{\n\"@context\": \"https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld\",\n")
                .append("\"@id\": \"https://discovery.usmart.io/org/").append(org).append("/dcat/data.json\",\n")
                .append("\"@type\": \"dcat:Catalog\", \"title\": \"Bench Catalog\", \"description\": \"Bench Catalog\",\n")
                .append("\"conformsTo\": \"https://project-open-data.cio.gov/v1.1/schema\",\n")
                .append("\"describedBy\": \"https://project-open-data.cio.gov/v1.1/schema/catalog.json\",\n\"dataset\": [\n");
        String[] statuses = {"Published", "Published", "Published", "Request", "Planned"};
        String[] themes = {"Transport / Mobility", "Environment", "Health", "Economy", "Housing"};
        String[] types = {"text/csv", "application/json", "application/vnd.ms-excel", "GEOJSON", "application/pdf"};
        for (int i = 0; i < n; i++) {
            String guid = String.format("%08x-%04x-4%03x-8%03x-%012x", r.nextInt(), r.nextInt(0x10000), r.nextInt(0x1000),
                    r.nextInt(0x1000), r.nextLong() & 0xFFFFFFFFFFFFL);
            String created = String.format("20%02d-%02d-%02dT%02d:%02d:%02d.%03dZ", 15 + r.nextInt(10), 1 + r.nextInt(12),
                    1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1000));
            sb.append(i == 0 ? "" : ",\n").append("{\"@type\": \"dcat:Dataset\", \"accessLevel\": \"public\", ")
                    .append("\"boundingBoxEast\": null, \"boundingBoxNorth\": null, \"boundingBoxSouth\": null, \"boundingBoxWest\": null, ")
                    .append("\"conformsTo\": null, \"contactPoint\": {\"@type\": \"vcard:Contact\", \"fn\": \"Team ").append(r.nextInt(50))
                    .append("\", \"email\": \"team").append(r.nextInt(50)).append("@council.example\"}, \"coverageArea\": null, ")
                    .append("\"createdAt\": \"").append(created).append("\", \"description\": \"Dataset ").append(i)
                    .append(" describes readings taken across the council area, updated as the sensors report.\", \"distribution\": [");
            int dists = 1 + r.nextInt(4);
            for (int d = 0; d < dists; d++) {
                sb.append(d == 0 ? "" : ", ");
                if (d == 0 && r.nextInt(3) > 0) {
                    sb.append("{\"@type\": \"dcat:Distribution\", \"accessURL\": \"https://api.usmart.io/org/").append(org).append('/')
                            .append(guid, 0, 24).append(String.format("%012x", d)).append('/').append(1 + r.nextInt(20))
                            .append("/urql\", \"mediaType\": \"application/json\", \"title\": \"API\"}");
                } else {
                    sb.append("{\"@type\": \"dcat:Distribution\", \"accessURL\": \"https://data.usmart.io/org/").append(org)
                            .append("/resource?resourceGUID=").append(guid, 0, 24).append(String.format("%012x", d + 16))
                            .append("\", \"mediaType\": \"").append(types[r.nextInt(types.length)]).append("\", \"title\": \"file-")
                            .append(i).append('-').append(d).append(".csv\"}");
                }
            }
            sb.append("], \"identifier\": \"https://data.usmart.io/org/").append(org).append("/dataset:viewDiscovery?datasetGUID=").append(guid)
                    .append("\", \"issued\": \"").append(created).append("\", \"issueDate\": null, \"landingPage\": \"https://usmart.io/org/bench/discovery/discovery-view-detail/")
                    .append(guid).append("\", \"language\": \"en\", \"lastModificationDate\": null, ")
                    .append("\"licence\": \"http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\", \"lineage\": null, ")
                    .append("\"modified\": \"").append(created).append("\", \"notes\": null, ")
                    .append("\"publisher\": {\"@type\": \"org:Organization\", \"name\": \"https://usmart.io/org/bench\"}, ")
                    .append("\"spatialReferenceSystem\": null, \"spatialResolution\": null, \"status\": \"").append(statuses[r.nextInt(statuses.length)])
                    .append("\", \"targetDate\": null, \"temporalCoverageEnd\": null, \"temporalCoverageStart\": null, \"temporalNotes\": null, ")
                    .append("\"title\": \"Bench dataset ").append(i).append("\", \"accrualPeriodicity\": \"Annual\", \"verticalExtent\": null, ")
                    .append("\"keyword\": [\"k").append(r.nextInt(100)).append("\", \"k").append(r.nextInt(100)).append("\", \"readings\"], ")
                    .append("\"theme\": [\"").append(themes[r.nextInt(themes.length)]).append("\"]}");
        }
        return sb.append("\n]\n}\n").toString();
    }
}
