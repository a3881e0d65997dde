package io.spotkube.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * moto in server mode ({@code <repo>/.venv/bin/moto_server}) on 127.0.0.1 and a free port, for EC2 and
 * Auto Scaling. Fails (does not skip) when moto is not installed.
 */
public final class MotoServer implements AutoCloseable {

  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  public static MotoServer start() {
    String root = System.getProperty("spotkube.root", "..");
    Path executable = Path.of(root, ".venv", "bin", "moto_server").toAbsolutePath().normalize();
    if (!Files.isExecutable(executable)) {
      throw new AssertionError("moto is not installed at " + executable
          + ": run scripts/test.sh (installs moto into .venv)");
    }
    int port = freePort();
    try {
      // Its output goes to a file, read only to say why it did not start.
      Path log = Files.createTempFile("moto", ".log");
      log.toFile().deleteOnExit();
      Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
      Await.until(Duration.ofSeconds(60), "moto_server to accept connections on port " + port,
          () -> !process.isAlive() || accepts(port));
      if (!process.isAlive()) {
        throw new AssertionError("moto_server exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + executable, e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every resource, between tests. */
  public void reset() throws IOException, InterruptedException {
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }
}
