package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartedListTest {

    /** Three parts of 3, 1 and 2 lines; every read of a part is noted. */
    static final List<String> PARTS = List.of("a\nb\nc\n", "d\n", "e\nf");

    final List<Integer> reads = new ArrayList<>();

    PartedList<String> list(List<Integer> counts, List<String> parts) {
        return new PartedList<>(counts, seq -> {
            reads.add(seq);
            return parts.get(seq);
        }, String::toUpperCase);
    }

    @Test
    void knowsItsSizeWithoutReadingAnyPart() {
        PartedList<String> list = list(List.of(3, 1, 2), PARTS);

        assertThat(list.size()).isEqualTo(6);
        assertThat(reads).isEmpty();
    }

    @Test
    void aRowIsReadFromThePartThatHoldsItAlone() {
        PartedList<String> list = list(List.of(3, 1, 2), PARTS);

        assertThat(list.get(3)).isEqualTo("D");
        assertThat(list.get(5)).isEqualTo("F");
        assertThat(list.get(4)).isEqualTo("E");

        assertThat(reads).containsExactly(1, 2);
    }

    @Test
    void aWalkReadsEachPartOnceInOrder() {
        PartedList<String> list = list(List.of(3, 1, 2), PARTS);

        List<String> whole = new ArrayList<>(list);
        List<String> some = new ArrayList<>(list.subList(1, 4));

        assertThat(whole).containsExactly("A", "B", "C", "D", "E", "F");
        assertThat(some).containsExactly("B", "C", "D");
        assertThat(reads).containsExactly(0, 1, 2, 0, 1);
    }

    @Test
    void rowsOutsideTheListAreRefused() {
        PartedList<String> list = list(List.of(3, 1, 2), PARTS);

        assertThatThrownBy(() -> list.get(6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(list(List.of(), List.of())).isEmpty();
    }

    @Test
    void aPartHoldingAnotherNumberOfLinesThanCountedIsAnErrorNotAShorterList() {
        PartedList<String> fewer = list(List.of(3, 2, 2), PARTS);
        PartedList<String> more = list(List.of(2, 1, 2), PARTS);

        assertThatThrownBy(() -> fewer.get(3)).isInstanceOf(IllegalStateException.class).hasMessageContaining("holds 1 lines, its head counts 2");
        assertThatThrownBy(() -> more.get(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("more lines");
    }

    @Test
    void aPartThatCannotBeReadFailsTheRowsItHolds() {
        PartedList<String> list = new PartedList<>(List.of(1, 1), seq -> {
            if (seq == 1) {
                throw new IllegalStateException("part 1 is missing");
            }
            return "x\n";
        }, s -> s);

        assertThat(list.get(0)).isEqualTo("x");
        assertThatThrownBy(() -> list.get(1)).hasMessageContaining("missing");
    }

    @Test
    void aMappedViewAppliesItsFunctionAsRowsAreRead() {
        PartedList<String> list = list(List.of(3, 1, 2), PARTS);
        List<String> mapped = PartedList.mapped(list, s -> s + "!");

        assertThat(mapped.get(4)).isEqualTo("E!");
        assertThat(reads).containsExactly(2);
        assertThat(mapped.size()).isEqualTo(6);
        assertThat(mapped.get(5)).isEqualTo("F!");
    }
}
