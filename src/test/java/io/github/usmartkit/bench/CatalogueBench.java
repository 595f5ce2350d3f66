package io.github.usmartkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.internal.catalog.DcatReader;
import io.github.usmartkit.sandbox.Sandbox;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tech.tablesaw.api.Table;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The catalogue reader against Jackson's {@code readTree} alone, on the same text: a catalogue of
 * {@code datasets} datasets in the shape the sandbox serves (its demo organisation's public
 * datasets, copied with fresh identifiers and titles until there are that many). The kit's side
 * is text → catalogue → table, what {@code usmart.catalog().table()} does after the GET.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CatalogueBench {

    @Param({"10000"})
    public int datasets;

    private final ObjectMapper mapper = new ObjectMapper();
    private String text;

    @Setup(Level.Trial)
    public void catalogue() throws Exception {
        String served;
        try (Sandbox sb = Sandbox.start()) {
            HttpClient http = HttpClient.newHttpClient();
            served = http.send(HttpRequest.newBuilder(URI.create(sb.baseUrl() + "/org/" + sb.org() + "/dcat/public")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        ObjectNode root = (ObjectNode) mapper.readTree(served);
        ArrayNode seeds = (ArrayNode) root.get("dataset");
        ArrayNode all = mapper.createArrayNode();
        for (int i = 0; i < datasets; i++) {
            ObjectNode d = seeds.get(i % seeds.size()).deepCopy();
            String guid = new UUID(i, i * 31L).toString();
            d.put("identifier", d.path("identifier").asText().replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", guid));
            d.put("title", d.path("title").asText() + " " + i);
            all.add(d);
        }
        root.set("dataset", all);
        text = mapper.writeValueAsString(root);
    }

    /** The kit: the catalogue text read into its records and then its table. */
    @Benchmark
    public Table kit() {
        return DcatReader.read(text).table();
    }

    /** The floor: Jackson's tree of the same text, nothing made of it. */
    @Benchmark
    public JsonNode readTree() throws Exception {
        return mapper.readTree(text);
    }
}
