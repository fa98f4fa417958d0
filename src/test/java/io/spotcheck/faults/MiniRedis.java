package io.spotcheck.faults;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough RESP to PING, FLUSHALL and read a hash on the suite's own Redis, with no client state to lose. */
final class MiniRedis implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    MiniRedis(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        socket.setSoTimeout(5000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    Object command(String... args) throws IOException {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    /** HGETALL as a map; empty when the key is absent or Redis does not answer. */
    static Map<String, String> hash(int port, String key) {
        try (MiniRedis r = new MiniRedis(port)) {
            Map<String, String> m = new LinkedHashMap<>();
            List<?> flat = (List<?>) r.command("HGETALL", key);
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                m.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
            }
            return m;
        } catch (IOException e) {
            return Map.of();
        }
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("redis: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n);
                in.readNBytes(2);
                return new String(data, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type " + type);
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
