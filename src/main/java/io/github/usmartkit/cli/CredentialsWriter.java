package io.github.usmartkit.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one profile of {@code ~/.usmart/credentials}, keeping the other profiles as they are. The
 * file is private from its first byte: the new content goes into a file created owner-only (mode
 * 600; its folder 700 when made here), which then replaces the old one in one rename, so there is
 * never a moment when the secret sits in a file others may read.
 */
final class CredentialsWriter {

    private CredentialsWriter() {
    }

    /** Replaces (or adds) the section {@code [profile]} of {@code file} with {@code values}, in order. */
    static void write(Path file, String profile, Map<String, String> values) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        List<String> kept = Files.isRegularFile(file) ? withoutSection(Files.readAllLines(file, StandardCharsets.UTF_8), profile) : List.of();
        StringBuilder text = new StringBuilder();
        for (String line : kept) {
            text.append(line).append('\n');
        }
        if (text.length() > 0 && !text.toString().endsWith("\n\n")) {
            text.append('\n');
        }
        text.append('[').append(profile).append("]\n");
        values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));

        FileAttribute<?>[] owner = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, ".credentials-", ".tmp", owner);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The lines of every other section (and anything before the first), trailing blank lines dropped. */
    static List<String> withoutSection(List<String> lines, String profile) {
        List<String> out = new ArrayList<>();
        boolean skipping = false;
        for (String line : lines) {
            String s = line.strip();
            if (s.startsWith("[") && s.endsWith("]")) {
                skipping = s.substring(1, s.length() - 1).strip().equals(profile);
            }
            if (!skipping) {
                out.add(line);
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
