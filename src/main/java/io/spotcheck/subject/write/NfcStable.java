package io.spotcheck.subject.write;

/**
 * Characters that leave a text in Unicode normalisation form C whatever they stand beside: no
 * canonical decomposition, canonical combining class 0, and never composed with a neighbour (NFC
 * quick check "Yes" and not a composing starter). A text made of these alone is NFC as it is, so
 * the validator skips the normaliser for it. The ranges are the ones Chinese directory data is
 * written in — ASCII and the Latin letters below the combining marks, CJK punctuation (without the
 * ideographic tone marks U+302A–U+302F, which are combining), CJK ideographs of the basic block and
 * extension A, and the full-width forms — and NfcStableTest checks every one of them against
 * {@link java.text.Normalizer}.
 */
final class NfcStable {

    private NfcStable() {
    }

    static boolean is(char c) {
        return c < 0x0300
                || c >= 0x4E00 && c <= 0x9FFF
                || c >= 0x3000 && c <= 0x3029
                || c >= 0x3030 && c <= 0x303F
                || c >= 0x3400 && c <= 0x4DBF
                || c >= 0xFF01 && c <= 0xFFEF;
    }
}
