package io.spotcheck.subject;

import io.spotcheck.api.NodeLoader;
import io.spotcheck.security.Caller;
import org.springframework.stereotype.Component;

/**
 * Subjects as Relay nodes. The global id is built from the public member key, never from the code:
 * a natural person's code is an ID number that most callers see only masked, and masked codes of
 * different persons can coincide, while the NP key is random, unique and public. Loading checks and
 * masks exactly as {@code subject(code:)} does.
 */
@Component
class SubjectNodes implements NodeLoader<Caller> {

    private final SubjectSearch search;

    SubjectNodes(SubjectSearch search) {
        this.search = search;
    }

    @Override
    public String type() {
        return "Subject";
    }

    @Override
    public Class<?> javaType() {
        return Subject.class;
    }

    /** Sealed: a plain id would hand a person's key to callers who see the person masked. */
    @Override
    public boolean sealed() {
        return true;
    }

    @Override
    public String localId(Object node) {
        Subject subject = (Subject) node;
        if (subject.publicKey() != null) {
            return subject.publicKey();
        }
        // A key is given at every write and back-filled at start-up; until then only a code that is no ID number may stand in.
        return "NATURAL_PERSON".equals(subject.kind()) ? null : subject.code();
    }

    @Override
    public Object load(Caller caller, String localId) {
        caller.require(SubjectController.READ_SCOPE, SubjectController.READERS);
        if (localId.length() > 64) {
            return null;
        }
        Subject found = PublicKeys.isPersonKey(localId) ? search.byPublicKey(localId) : search.get(localId);
        if (found != null && "NATURAL_PERSON".equals(found.kind()) && !localId.equals(found.publicKey())) {
            // A person is named by its key only: an id built from an ID number finds nothing.
            return null;
        }
        return SubjectController.present(found, caller);
    }
}
