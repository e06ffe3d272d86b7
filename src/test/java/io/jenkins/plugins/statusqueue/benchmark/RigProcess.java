package io.jenkins.plugins.statusqueue.benchmark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The {@link Rig} running in its own JVM, started with this JVM's java and the test classpath, and the commands it
 * answers. Closing it ends the process.
 */
final class RigProcess implements AutoCloseable {

    /** What the rig reports in one answer: requests it served and the CPU its JVM has used. */
    record Stats(int apiGatewayRequests, int gheRequests, int statuses, long cpuNanos) {
    }

    private final Process process;
    private final BufferedReader answers;
    private final PrintWriter commands;
    private final long pid;
    private final String gheApiUrl;

    private RigProcess(Process process) throws IOException {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String[] ready = answer().split(" ");
        this.pid = Long.parseLong(ready[0]);
        this.gheApiUrl = ready[1];
    }

    /** Starts the rig; its stderr (library logs, failures) is appended to {@code log}. */
    static RigProcess start(Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Real API Gateway and GHE answer at once; the JDK's HTTP server, with Nagle's algorithm, would hold each
        // answer's body about 40 ms for the client's delayed ACK of its headers. It also closes a connection that
        // turns idle beyond 200 idle ones, racing a client that reuses it: each scenario's clients open ~130.
        ProcessBuilder builder = new ProcessBuilder(java, "-Dsun.net.httpserver.nodelay=true",
                "-Dsun.net.httpserver.maxIdleConnections=10000", "-cp", classpath(), Rig.class.getName())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new RigProcess(builder.start());
    }

    /** The classpath this class was loaded from: exec:java loads the test classpath in a class loader of its own. */
    private static String classpath() {
        if (RigProcess.class.getClassLoader() instanceof URLClassLoader loader) {
            return Arrays.stream(loader.getURLs()).map(url -> {
                try {
                    return Path.of(url.toURI()).toString();
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    long pid() {
        return pid;
    }

    String gheApiUrl() {
        return gheApiUrl;
    }

    /** A new queue behind an API Gateway emulator of {@code stack}; returns the emulator's URL. */
    String queue(String name, String stack) {
        return command("queue " + name + " " + stack);
    }

    /** Fills queue {@code name} with {@code count} events from commit {@code first}, over {@code distinct} repositories. */
    void fill(String name, int first, int count, int distinct) {
        int depth = Integer.parseInt(command("fill " + name + " " + first + " " + count + " " + distinct));
        if (depth != count) {
            throw new IllegalStateException("queue " + name + " holds " + depth + " messages, not " + count);
        }
    }

    /** Enqueue-to-stored times in microseconds of {@code count} events sent {@code gapMillis} apart. */
    List<Long> trickle(String name, int first, int count, long gapMillis) {
        String times = command("trickle " + name + " " + first + " " + count + " " + gapMillis);
        return times.isEmpty() ? List.of() : Arrays.stream(times.split(",")).map(Long::valueOf).toList();
    }

    Stats stats(String name) {
        String[] fields = command("stats " + name).split(" ");
        return new Stats(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                Long.parseLong(fields[3]));
    }

    private String command(String line) {
        commands.println(line);
        String answer = answer();
        if (!answer.startsWith("ok")) {
            throw new IllegalStateException("rig: " + line + ": " + answer);
        }
        return answer.substring(2).trim();
    }

    private String answer() {
        try {
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                if (line.startsWith(Rig.ANSWER)) {
                    return line.substring(Rig.ANSWER.length());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the rig ended; see its log");
    }

    @Override
    public void close() throws InterruptedException {
        commands.println("quit");
        commands.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
