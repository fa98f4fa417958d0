package io.spotcheck.draw;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ContentType;

/**
 * A request body of megabytes kept as 64 KB pieces, and the HTTP entity that sends it. The record of a
 * large draw runs to megabytes; written as one string, then one map, then one serialized array, it
 * made several arrays of that size — humongous objects for G1 on a small heap, each of which started
 * a collection — and storing the record became a large part of the draw's time.
 */
final class PiecedBody extends OutputStream {

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
    void append(PiecedBody other) {
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

    long length() {
        return (long) full.size() * PIECE + position;
    }

    InputStream open() {
        List<InputStream> streams = new ArrayList<>(full.size() + 1);
        for (byte[] piece : full) {
            streams.add(new ByteArrayInputStream(piece));
        }
        streams.add(new ByteArrayInputStream(current, 0, position));
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    /** The body as a repeatable JSON entity (a retry on another node sends it again). */
    AbstractHttpEntity entity() {
        AbstractHttpEntity entity = new AbstractHttpEntity() {
            @Override
            public boolean isRepeatable() {
                return true;
            }

            @Override
            public long getContentLength() {
                return length();
            }

            @Override
            public InputStream getContent() {
                return open();
            }

            @Override
            public void writeTo(OutputStream out) throws java.io.IOException {
                for (byte[] piece : full) {
                    out.write(piece);
                }
                out.write(current, 0, position);
            }

            @Override
            public boolean isStreaming() {
                return false;
            }
        };
        entity.setContentType(ContentType.APPLICATION_JSON.toString());
        return entity;
    }
}
