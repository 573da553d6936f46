package dev.stagehand.steps.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of a real server, playing a server that stops answering:
 * with no upstream it accepts connections and never says a word; with one it passes bytes both
 * ways until a client sends {@code marker}, after which that connection passes nothing more,
 * either way, while staying open.
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final byte[] marker;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private StallingProxy(String upstreamHost, int upstreamPort, String marker) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.marker = marker == null ? null : marker.getBytes(StandardCharsets.UTF_8);
        Thread accepting = new Thread(this::accept, "stalling-proxy");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** A server that accepts connections and never answers. */
    static StallingProxy silent() throws IOException {
        return new StallingProxy(null, 0, null);
    }

    /** A proxy to {@code host:port} that stalls a connection once its client sends {@code marker}. */
    static StallingProxy stallingOn(String host, int port, String marker) throws IOException {
        return new StallingProxy(host, port, marker);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (upstreamHost == null) {
                    continue;
                }
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                sockets.add(upstream);
                boolean[] stalled = {false};
                pump(client, upstream, stalled, true);
                pump(upstream, client, stalled, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean[] stalled, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) > 0; ) {
                    synchronized (stalled) {
                        if (fromClient && contains(buffer, n, marker)) {
                            stalled[0] = true;
                        }
                        if (stalled[0]) {
                            continue;
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                synchronized (stalled) {
                    if (!stalled[0]) {
                        // as a real server's end of the connection (a cancel request's, say)
                        to.shutdownOutput();
                    }
                }
            } catch (IOException e) {
                // the other side closed: nothing more to pass on
            }
        }, "stalling-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean contains(byte[] buffer, int length, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
