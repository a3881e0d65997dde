package io.spotkube.constructs.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** moto in server mode (from the repository's .venv) on a free local port, for the constructs' tests. */
public final class MotoProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private MotoProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts moto_server and waits until it accepts connections.
   *
   * @throws IllegalStateException when it dies or does not answer within 60 s
   */
  public static MotoProcess start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    Process process = new ProcessBuilder(RepositoryTools.venvTool("moto_server").toString(), "-H", "127.0.0.1", "-p",
        Integer.toString(port)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!accepts(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("moto_server did not start within 60 s");
      }
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    return new MotoProcess(process, port);
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Makes an AWS CLI environment talk to nothing but what the test gives it: fake credentials, a
   * region, and no user config or credentials file from {@code dir}'s owner.
   */
  public static void isolateAwsCli(java.util.Map<String, String> env, java.nio.file.Path dir) {
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.put("AWS_DEFAULT_REGION", "eu-west-1");
    env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
