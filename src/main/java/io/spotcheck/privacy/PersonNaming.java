package io.spotcheck.privacy;

import io.spotcheck.security.Caller;
import io.spotcheck.system.SpotcheckException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Collection;

/**
 * Who may name a natural person by ID number in what it sends (docs/SECURITY.md, "Guessing"): a
 * caller who sees persons masked ({@link PersonAccess#seesPersons} false) may not. A mutation or an
 * upload that names a subject by a code shaped like a resident ID number is refused for such a caller
 * before anything is looked up, so the refusal is the same whether the person exists or not; any
 * answer that depended on the look-up (found or not, assigned or not, drawn or not) would confirm a
 * guess of the hidden birth date.
 */
public final class PersonNaming {

    /** The refusal's message: it never quotes the code. */
    public static final String REFUSAL = "naming a natural person by ID number needs " + PersonAccess.PERSONS_READ;

    private PersonNaming() {}

    /**
     * Whether {@code caller} may not name {@code code}: it sees persons masked and the code, as any
     * layer might clean it (trimmed, compatibility forms folded), is a resident ID number.
     */
    public static boolean refused(Caller caller, String code) {
        return code != null && !PersonAccess.seesPersons(caller) && PersonMask.isResidentId(Normalizer.normalize(code, Normalizer.Form.NFKC).strip());
    }

    /**
     * What {@code caller} sent, as it may read it back (an upload's report quoting a line, its code, a
     * column name): for a caller who sees persons masked, every run shaped like a resident ID number —
     * 17 digits and a digit or X whatever the check character, or 15 digits holding a birth date, in
     * one piece or written in groups ({@link ResidentIdsInText}, rule {@code SHAPED}) — its birth date
     * starred, compatibility forms (full-width digits) folded first: a mistyped check character does
     * not make a person's number publishable. Others read it as sent.
     */
    public static String echoed(Caller caller, String text) {
        if (text == null || text.isEmpty() || PersonAccess.seesPersons(caller)) {
            return text;
        }
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
        String masked = ResidentIdsInText.mask(folded, ResidentIdsInText.Rule.SHAPED);
        return masked == folded ? text : masked;
    }

    /** Throws FORBIDDEN when {@code caller} may not name one of {@code codes}; decided by the codes' form alone. */
    public static void require(Caller caller, Collection<String> codes) {
        if (codes != null && codes.stream().anyMatch(c -> refused(caller, c))) {
            throw SpotcheckException.forbidden(REFUSAL);
        }
    }

    /** As {@link #require(Caller, Collection)}. */
    public static void require(Caller caller, String... codes) {
        require(caller, Arrays.asList(codes));
    }
}
