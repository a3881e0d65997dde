package io.spotkube.constructs.testsupport;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The repository's own tools (installed into .venv by scripts/test.sh) and a way to run them. */
public final class RepositoryTools {

    private RepositoryTools() {
    }

    /** The repository root: system property spotkube.root, else the module's parent. */
    public static Path root() {
        String root = System.getProperty("spotkube.root");
        if (root != null) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        String module = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(module).toAbsolutePath().normalize().getParent();
    }

    /** A tool from .venv/bin; fails the test (never skips) when it is not installed. */
    public static Path venvTool(String name) {
        Path tool = root().resolve(".venv/bin").resolve(name);
        if (!Files.isExecutable(tool)) {
            fail(tool + " is missing: run scripts/test.sh (installs " + name
                    + " from scripts/requirements-test.txt into .venv)");
        }
        return tool;
    }

    /** The outcome of a finished command: exit code and stdout+stderr. */
    public record Result(int exitCode, String output) {
    }

    /** Runs a command to completion (bounded by a deadline) with stderr merged into stdout. */
    public static Result run(List<String> command, long timeoutSeconds) {
        try {
            Path output = Files.createTempFile("spotkube-tool", ".out");
            try {
                Process process = new ProcessBuilder(new ArrayList<>(command))
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(command + " did not finish within " + timeoutSeconds + " s");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("running " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
