package io.spotcheck.draw;

import io.spotcheck.scope.DrawMember;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.NoSuchElementException;
import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The candidates one lane of a large draw met, on local disk instead of in memory, in the order the
 * lane met them. Each file is encrypted (AES-CTR) with a key drawn for it that lives only in this
 * object, so what reaches the disk — subject codes, which name persons, among them — cannot be read
 * back by anyone else, not even after a crash; the file is deleted when closed, or when the object
 * is collected if it never was. The files live in a folder of this process
 * ({@code java.io.tmpdir/spotcheck-draw-<pid>}, owner only); the folders of processes that are gone
 * (a crash leaves its files) are removed by {@link #sweepLeftovers()}. Written by one thread, then read
 * any number of times.
 */
final class CandidateSpill implements AutoCloseable {

    /** One candidate as written: where the pass met it, its rank, the member. */
    record Entry(long seq, byte[] rank, DrawMember member) {}

    private static final Cleaner CLEANER = Cleaner.create();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String FOLDER_PREFIX = "spotcheck-draw-";

    private final Path file;
    private final SecretKeySpec key;
    private final byte[] iv = new byte[16];
    private final Cleaner.Cleanable cleanable;
    private DataOutputStream out;
    private long count;

    CandidateSpill() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        RANDOM.nextBytes(iv);
        key = new SecretKeySpec(k, "AES");
        try {
            file = Files.createTempFile(folder(), "candidates-", ".bin");
            Path path = file;
            cleanable = CLEANER.register(this, () -> delete(path));
            out = new DataOutputStream(new BufferedOutputStream(new CipherOutputStream(Files.newOutputStream(file), cipher(Cipher.ENCRYPT_MODE)),
                    1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException("the draw could not open its candidate file", e);
        }
    }

    void write(long seq, byte[] rank, DrawMember m) {
        try {
            out.writeLong(seq);
            out.write(rank, 0, 32);
            out.writeUTF(m.code());
            out.writeBoolean(m.subject() != null);
            if (m.subject() != null) {
                out.writeUTF(m.subject());
            }
            out.writeUTF(m.stratum());
            out.writeUTF(m.region());
            out.writeUTF(m.status());
            out.writeUTF(m.kind());
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("the draw could not write its candidate file", e);
        }
    }

    /** Ends the writing; the file can be read from now on. */
    void finishWriting() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("the draw could not write its candidate file", e);
            } finally {
                out = null;
            }
        }
    }

    long count() {
        return count;
    }

    /** The candidates in the order written; the iterator must be read to its end or closed. */
    Reader read() {
        finishWriting();
        try {
            return new Reader(new DataInputStream(new BufferedInputStream(new CipherInputStream(Files.newInputStream(file),
                    cipher(Cipher.DECRYPT_MODE)), 1 << 16)), count);
        } catch (IOException e) {
            throw new UncheckedIOException("the draw could not read its candidate file", e);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // deleted below either way
            }
            out = null;
        }
        cleanable.clean();
    }

    /** This process's folder of candidate files, created (owner only) when first needed. */
    static synchronized Path folder() throws IOException {
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), FOLDER_PREFIX + ProcessHandle.current().pid());
        if (!Files.isDirectory(folder)) {
            try {
                Files.createDirectories(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(folder);
            }
        }
        return folder;
    }

    /**
     * Removes the candidate folders of processes no longer running — what a server killed during a
     * draw left behind (unreadable without the key it lost, but taking disk). Folders of running
     * processes, this one's and other instances' on the same machine, are left alone.
     */
    static void sweepLeftovers() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (java.nio.file.DirectoryStream<Path> folders = Files.newDirectoryStream(tmp, FOLDER_PREFIX + "*")) {
            for (Path folder : folders) {
                long pid;
                try {
                    pid = Long.parseLong(folder.getFileName().toString().substring(FOLDER_PREFIX.length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
                        files.forEach(CandidateSpill::delete);
                    }
                    delete(folder);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // a folder another user owns, or one going away meanwhile: left for the next sweep
        }
    }

    private Cipher cipher(int mode) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(mode, key, new IvParameterSpec(iv));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is not available", e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temporary file: the system's own cleaning takes it, and nobody can read it without the key
        }
    }

    /** Reads the entries back, one at a time. */
    static final class Reader implements Iterator<Entry>, AutoCloseable {
        private final DataInputStream in;
        private long left;

        private Reader(DataInputStream in, long count) {
            this.in = in;
            this.left = count;
        }

        @Override
        public boolean hasNext() {
            if (left == 0) {
                close();
            }
            return left > 0;
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                long seq = in.readLong();
                byte[] rank = new byte[32];
                in.readFully(rank);
                String code = in.readUTF();
                String subject = in.readBoolean() ? in.readUTF() : null;
                DrawMember m = new DrawMember(code, in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), subject);
                left--;
                return new Entry(seq, rank, m);
            } catch (EOFException e) {
                throw new IllegalStateException("the draw's candidate file ends early", e);
            } catch (IOException e) {
                throw new UncheckedIOException("the draw could not read its candidate file", e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read only
            }
        }
    }
}
