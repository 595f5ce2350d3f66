package io.github.usmartkit.internal.bulk;

import io.github.usmartkit.error.BadRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a bulk manifest: its columns, line numbers as an editor shows them, and each bad line refused on its own. */
class ManifestTest {

    @TempDir
    Path dir;

    private List<Manifest.Entry> read(String text) throws IOException {
        return Manifest.read(Files.writeString(dir.resolve("m.csv"), text));
    }

    @Test
    void lines_areNumberedAsInTheFile_commentsBlankLinesAndQuotedLineBreaksIncluded() throws IOException {
        List<Manifest.Entry> e = read("datasetGUID,fileGUID,path\n# tonight\n\nds1,f1,\"a\nb.csv\"\n  ds2 , , sub/c.csv \n");
        assertEquals(2, e.size());
        assertEquals(4, e.get(0).line());
        assertEquals("a\nb.csv", e.get(0).pathText());
        assertEquals(6, e.get(1).line());
        assertEquals("ds2", e.get(1).dataset());
        assertNull(e.get(1).file(), "an empty fileGUID: the line adds its file");
        assertTrue(e.get(1).adds());
        assertEquals(dir.resolve("sub/c.csv"), e.get(1).path(), "relative to the manifest's folder");
        assertNull(e.get(1).problem());
    }

    @Test
    void headerNames_areForgiving_aBomToo() throws IOException {
        List<Manifest.Entry> e = read("\uFEFFDataset_GUID,file-guid,Path,pipeline_id\nds1,,a.csv,csv-to-api\n");
        assertEquals("csv-to-api", e.get(0).pipelineId());
        assertEquals("ds1", e.get(0).dataset());
    }

    @Test
    void badLines_carryTheirProblem_andTheOthersStand() throws IOException {
        List<Manifest.Entry> e = read("datasetGUID,fileGUID,path\nds1,f1,a.csv\nds1,f1,b.csv\n,f2,c.csv\nds/2,,d.csv\nds3,f 3,e.csv\n"
                + "ds4,,\nds5,f5,f.csv,extra\nds6,,g.csv\nds6,,./g.csv\n");
        assertNull(e.get(0).problem());
        assertTrue(e.get(1).problem().contains("same file as line 2"), e.get(1).problem());
        assertEquals("no datasetGUID", e.get(2).problem());
        assertTrue(e.get(3).problem().contains("'ds/2' is not a dataset GUID"), e.get(3).problem());
        assertTrue(e.get(4).problem().contains("'f 3' is not a file GUID"), e.get(4).problem());
        assertEquals("no path", e.get(5).problem());
        assertTrue(e.get(6).problem().contains("4 cells and the header 3 columns"), e.get(6).problem());
        assertNull(e.get(7).problem());
        assertTrue(e.get(8).problem().contains("adds the same path to the same dataset as line 9"), e.get(8).problem());
    }

    @Test
    void aWholeManifestThatIsWrong_isRefused() throws IOException {
        assertTrue(assertThrows(BadRequestException.class, () -> read("datasetGUID,fileGUID,path,path\n")).what().contains("twice"));
        assertTrue(assertThrows(BadRequestException.class, () -> read("dataset,file\nds1,f1\n")).what().contains("no path column"));
        Files.write(dir.resolve("bin.csv"), new byte[] {'d', ',', (byte) 0xff, '\n'});
        assertTrue(assertThrows(io.github.usmartkit.error.UploadFailedException.class, () -> Manifest.read(dir.resolve("bin.csv")))
                .what().contains("not UTF-8"));
        assertTrue(assertThrows(io.github.usmartkit.error.UploadFailedException.class, () -> Manifest.read(dir)).what().contains("folder"));
        Files.writeString(dir.resolve("utf8.csv"), "datasetGUID,fileGUID,path\nds1,,café.csv\n", StandardCharsets.UTF_8);
        assertEquals("café.csv", Manifest.read(dir.resolve("utf8.csv")).get(0).pathText());
    }
}
