package io.spotcheck.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndexCopierTest {

    @Test
    void smallDocumentsAreCopiedTwoThousandAPage() {
        // a million subjects in a few hundred megabytes
        assertThat(IndexCopier.pageSize(1_000_000, 400L << 20)).isEqualTo(2000);
    }

    @Test
    void largeDocumentsAreCopiedFewEnoughAPageToStayWithinItsBytes() {
        // draw records of a 10^6-member scope: about 4 MB stored each
        assertThat(IndexCopier.pageSize(29, 119L << 20)).isEqualTo(1);
        // documents of about 16 kB stored
        int size = IndexCopier.pageSize(10_000, 160L << 20);
        assertThat(size).isBetween(2, 2000);
        assertThat(size * 16_000L * IndexCopier.SOURCE_PER_STORED).isLessThanOrEqualTo(IndexCopier.PAGE_BYTES);
    }

    @Test
    void anEmptyIndexTakesTheDefaultPage() {
        assertThat(IndexCopier.pageSize(0, 0)).isEqualTo(2000);
    }
}
