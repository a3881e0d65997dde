package io.spotkube.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real server that a test can cut and restore: while cut, open
 * connections are reset and new ones are closed at once, as when a server or the network to it
 * goes away. How the fault tests take SQS or the Kubernetes API away from one process only.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;

  private TcpProxy(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
  }

  /** A proxy on a free local port forwarding to {@code target}'s host and port. */
  public static TcpProxy to(URI target) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      TcpProxy proxy = new TcpProxy(listener, new InetSocketAddress(target.getHost(), target.getPort()));
      Thread accept = new Thread(proxy::accept, "tcp-proxy-" + listener.getLocalPort());
      accept.setDaemon(true);
      accept.start();
      return proxy;
    } catch (IOException e) {
      throw new IllegalStateException("starting a proxy to " + target + ": " + e.getMessage(), e);
    }
  }

  /** {@code target} with its host and port replaced by the proxy's. */
  public URI endpoint(URI target) {
    return URI.create(target.getScheme() + "://127.0.0.1:" + listener.getLocalPort()
        + (target.getRawPath() == null ? "" : target.getRawPath()));
  }

  /** Resets every open connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  public void restore() {
    cut = false;
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket server = new Socket(target.getAddress(), target.getPort());
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException e) {
        // the other side or cut() closed it
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    cut();
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
