package io.spotcheck.persistence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.ContentEncoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.entity.HttpAsyncContentProducer;

/**
 * A request body of megabytes kept as 64 KB pieces, and the HTTP entity that sends it. The record of a
 * large draw runs to megabytes; written as one string, then one map, then one serialized array, it
 * made several arrays of that size — humongous objects for G1 on a small heap, each of which started
 * a collection — and storing the record became a large part of the draw's time.
 */
public final class PiecedBody extends OutputStream {

    static final int PIECE = 64 * 1024;

    private final List<byte[]> full = new ArrayList<>();
    private byte[] current = new byte[PIECE];
    private int position;

    @Override
    public void write(int b) {
        if (position == PIECE) {
            next();
        }
        current[position++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (position == PIECE) {
                next();
            }
            int n = Math.min(length, PIECE - position);
            System.arraycopy(bytes, offset, current, position, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    /** Appends the bytes of {@code other}. */
    public void append(PiecedBody other) {
        for (byte[] piece : other.full) {
            write(piece, 0, PIECE);
        }
        write(other.current, 0, other.position);
    }

    private void next() {
        full.add(current);
        current = new byte[PIECE];
        position = 0;
    }

    public long length() {
        return (long) full.size() * PIECE + position;
    }

    /** The bytes written so far, as a stream. */
    public InputStream open() {
        return new Entity(full, current, position).getContent();
    }

    /**
     * The body as a repeatable JSON entity of known length (a retry on another node sends it again). It
     * hands the asynchronous client a whole piece at a time: a plain entity is read through a stream
     * 4 KB at a time, a socket write each, and a list of small buffers (the client's own bulk body)
     * goes out as one HTTP chunk per buffer.
     */
    public AbstractHttpEntity entity() {
        Entity entity = new Entity(full, current, position);
        entity.setContentType(ContentType.APPLICATION_JSON.toString());
        return entity;
    }

    private static final class Entity extends AbstractHttpEntity implements HttpAsyncContentProducer {

        private final List<byte[]> full;
        private final byte[] last;
        private final int lastLength;
        private int piece;
        private ByteBuffer sending;

        Entity(List<byte[]> full, byte[] last, int lastLength) {
            this.full = List.copyOf(full);
            this.last = last;
            this.lastLength = lastLength;
        }

        @Override
        public boolean isRepeatable() {
            return true;
        }

        @Override
        public long getContentLength() {
            return (long) full.size() * PIECE + lastLength;
        }

        @Override
        public InputStream getContent() {
            List<InputStream> streams = new ArrayList<>(full.size() + 1);
            for (byte[] bytes : full) {
                streams.add(new ByteArrayInputStream(bytes));
            }
            streams.add(new ByteArrayInputStream(last, 0, lastLength));
            return new SequenceInputStream(Collections.enumeration(streams));
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            for (byte[] bytes : full) {
                out.write(bytes);
            }
            out.write(last, 0, lastLength);
        }

        @Override
        public boolean isStreaming() {
            return false;
        }

        @Override
        public void produceContent(ContentEncoder encoder, IOControl control) throws IOException {
            while (true) {
                if (sending == null) {
                    if (piece > full.size()) {
                        encoder.complete();
                        return;
                    }
                    sending = piece < full.size() ? ByteBuffer.wrap(full.get(piece)) : ByteBuffer.wrap(last, 0, lastLength);
                    piece++;
                }
                encoder.write(sending);
                if (sending.hasRemaining()) {
                    return; // the channel is full: called again when it can take more
                }
                sending = null;
            }
        }

        /** Called when the request is sent again (another node, a retry): from the start. */
        @Override
        public void close() {
            piece = 0;
            sending = null;
        }
    }
}
