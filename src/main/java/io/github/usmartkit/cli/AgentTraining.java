package io.github.usmartkit.cli;

import io.github.usmartkit.Kit;
import io.github.usmartkit.display.TableView;
import io.github.usmartkit.display.jshell.KitAgent;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * What the interactive shell's snippets' JVM does at start, done once in a JVM of its own so that
 * {@code -XX:ArchiveClassesAtExit} can keep the classes it loads: JShell kills that JVM at
 * {@code /exit}, so it never writes an archive itself. {@code bin/usmart} runs this after a first
 * session (once per build); {@link ShellCommand} starts the snippets' JVM with the archive.
 */
final class AgentTraining {

    private AgentTraining() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            System.setProperty(AgentConnect.PROPERTY, "sandbox");
            AgentConnect.start();
            AgentConnect.await();
            Class.forName(KitAgent.class.getName());
            Class.forName("jdk.jshell.execution.RemoteExecutionControl");
            System.out.println(Kit.banner());
            System.out.println(TableView.of(Kit.dataset("114f8ea9-b5fa-45dd-af46-f9313dd31762").files()).toText());
        } finally {
            System.setOut(out);
            Kit.close();
        }
        System.exit(0);
    }
}
