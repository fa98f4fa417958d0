package io.spotcheck.subject;

import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.privacy.PersonMask;
import io.spotcheck.security.Caller;

/**
 * Natural persons' identifiers (their ID number as {@code code}, their name as {@code name},
 * {@code formerNames}, {@code legalRepresentative} and {@code address}) are personal data: only the
 * callers {@link PersonAccess#seesPersons} names see them in full; everyone else gets them masked on
 * the server, field by field, by the one rule of {@link PersonMask}. Those callers do not get a
 * person's {@code publicKey} either (the masked subject keeps it for its sealed global id; the
 * API's {@code publicKey} field answers null to them, {@code SubjectController#publicKey}): it is the name public draw artefacts use for the person, and
 * shown beside the masked ID it would link the public pseudonym to the person's county, birth-date
 * length and last digits (nothing public needs the link: results and exports name persons by the
 * masked ID, draws by the key).
 */
public final class IdentifierMasking {

    private IdentifierMasking() {}

    public static boolean seesIdentifiers(Caller caller) {
        return PersonAccess.seesPersons(caller);
    }

    /** An identifier masked by the one rule ({@link PersonMask#id}). */
    public static String mask(String value) {
        return PersonMask.id(value);
    }

    /** The subject as this caller may see it. */
    public static Subject forCaller(Subject subject, Caller caller) {
        if (subject == null || seesIdentifiers(caller)) {
            return subject;
        }
        if (!"NATURAL_PERSON".equals(subject.kind())) {
            // An attached object (a vehicle, a stall) may belong to a person: its owner is named by the person's ID number.
            if (!ownedByPerson(subject)) {
                return subject;
            }
            return new Subject(subject.code(), subject.kind(), subject.type(), subject.name(), subject.formerNames(),
                    subject.legalRepresentative(), subject.address(), PersonMask.id(subject.ownerCode()),
                    subject.registrationAuthority(), subject.regionCode(), subject.supervisingUnit(), subject.industryCode(),
                    subject.industryPath(), subject.status(), subject.establishedOn(), subject.registeredCapital(),
                    subject.risk(), subject.lists(), subject.licences(), subject.lastInspections(), subject.lastResults(),
                    subject.findings(), subject.tags(), subject.tagKeys(), subject.updatedAt(), subject.publicKey());
        }
        return new Subject(PersonMask.id(subject.code()), subject.kind(), subject.type(), PersonMask.name(subject.name()),
                subject.formerNames() == null ? null : subject.formerNames().stream().map(PersonMask::name).toList(),
                PersonMask.name(subject.legalRepresentative()), PersonMask.address(subject.address()), ownedByPerson(subject) ? PersonMask.id(subject.ownerCode()) : subject.ownerCode(),
                subject.registrationAuthority(), subject.regionCode(), subject.supervisingUnit(), subject.industryCode(),
                subject.industryPath(), subject.status(), subject.establishedOn(), subject.registeredCapital(),
                subject.risk(), subject.lists(), subject.licences(), subject.lastInspections(), subject.lastResults(),
                subject.findings(), subject.tags(),
                subject.tagKeys(), subject.updatedAt(), subject.publicKey());
    }

    /**
     * Whether the owner may be a natural person: any owner not named by a valid unified social credit
     * code (an ID number, a passport number) is treated as one.
     */
    private static boolean ownedByPerson(Subject subject) {
        return subject.ownerCode() != null && !CreditCode.isValid(subject.ownerCode());
    }
}
