package io.github.usmartkit.notebook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The notebooks as saved in the repository (what a reader sees on a code host, without running them):
 * executed top to bottom, no error output, made with the current kit (its SANDBOX badge above each
 * display), and no secret in any output. {@code bin/usmart notebook --run} refreshes them;
 * {@link NotebookIT} checks what they show when run.
 */
class SavedNotebooksTest {

    static final Path NOTEBOOKS = KitProcesses.ROOT.resolve("notebooks");
    static final ObjectMapper JSON = new ObjectMapper();

    /** A key printed other than as {@code secret=****}, a signed URL's query, a kernel connection file's HMAC key, a credentials line. */
    static final Pattern SECRET = Pattern.compile("secret=(?!\\*{4})|X-Usmart-(Signature|Expires)|\"key\"\\s*:|\"signature_scheme\""
            + "|api_key_secret\\s*=|USMART_API_KEY_SECRET=\\S");

    static List<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    @Test
    void everySavedNotebook_ranTopToBottomWithTheCurrentKit_andShowsNoErrorNorSecret() throws IOException {
        List<Path> all = notebooks();
        assertTrue(all.size() >= 6, "the worked notebooks: " + all);
        for (Path nb : all) {
            JsonNode doc = JSON.readTree(nb.toFile());
            String name = nb.getFileName().toString();
            int badges = 0;
            for (JsonNode cell : doc.path("cells")) {
                if (!cell.path("cell_type").asText().equals("code")) {
                    continue;
                }
                assertFalse(cell.path("execution_count").isNull(), name + ": a code cell was not run (bin/usmart notebook --run): "
                        + cell.path("source"));
                for (JsonNode out : cell.path("outputs")) {
                    assertFalse(out.path("output_type").asText().equals("error"), name + " was saved with an error output: " + out);
                    String text = out.toString();
                    Matcher m = SECRET.matcher(text);
                    boolean found = m.find();
                    assertFalse(found, name + " shows a secret (" + (found ? m.group() : "") + ") in an output");
                    if (text.contains("usmart-target")) {
                        badges++;
                    }
                }
            }
            assertTrue(badges > 0, name + "'s outputs predate the kit's badge: refresh them with bin/usmart notebook --run");
        }
    }

    @Test
    void secretPattern_catchesWhatItMustAndLetsTheMaskedKeyThrough() {
        assertTrue(SECRET.matcher("ApiKey[id=key-1, secret=abc]").find());
        assertTrue(SECRET.matcher("https://s3/x.csv?X-Usmart-Expires=1&X-Usmart-Signature=ab").find());
        assertTrue(SECRET.matcher("{\"key\": \"b1e0-…\", \"signature_scheme\": \"hmac-sha256\"}").find());
        assertTrue(SECRET.matcher("api_key_secret = s3cr3t").find());
        assertFalse(SECRET.matcher("ApiKey[id=key-provider-5049ea88, secret=****]").find());
    }
}
