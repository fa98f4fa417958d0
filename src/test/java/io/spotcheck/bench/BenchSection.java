package io.spotcheck.bench;

/**
 * One section of {@code ./spotcheck bench --only NAME}: measures its figures side by side with
 * their anchors and adds them to the report. A new section implements this and is registered in
 * {@link BenchMain#SECTIONS}; sections reserved for later work are registered as
 * {@link BenchMain#notYet(String, String)} so asking for them says so instead of failing.
 */
public interface BenchSection {

    /** The name used with {@code --only}. */
    String name();

    /** True when the section needs the generated subject directory of {@code --subjects N} loaded. */
    default boolean needsDataset() {
        return false;
    }

    /**
     * True when the figures belong to one run's directory size and cluster, so a run at another size
     * or on a cluster writes a labelled block of its own; false for a section whose one table already
     * spans the sizes (growth).
     */
    default boolean perRun() {
        return true;
    }

    void run(BenchContext bench) throws Exception;
}
