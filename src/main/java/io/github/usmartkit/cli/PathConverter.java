package io.github.usmartkit.cli;

import picocli.CommandLine;

import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A file argument, refused when this JVM cannot represent its name. Under a locale without UTF-8
 * (cron and systemd set none: the POSIX locale) Java decodes command-line arguments and file names
 * as ASCII, so {@code café.csv} arrives as {@code caf\uFFFD\uFFFD.csv}: it would not be found, or
 * be stored on uSmart under a mangled name. Refused instead, naming the fix.
 */
final class PathConverter implements CommandLine.ITypeConverter<Path> {

    @Override
    public Path convert(String value) {
        if (value.indexOf('\uFFFD') >= 0) {
            throw new CommandLine.TypeConversionException(unrepresentable(value.replace('\uFFFD', '?')));
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException(unrepresentable(value));
        }
    }

    /** Why a name cannot be used, and what to do. */
    static String unrepresentable(String shown) {
        return "the file name '" + shown + "' cannot be represented in this JVM's file-name encoding ("
                + System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()) + ", from the locale): it would be "
                + "mangled. Run with a UTF-8 locale, e.g. LANG=C.UTF-8 (bin/usmart sets it when no locale is set)";
    }
}
