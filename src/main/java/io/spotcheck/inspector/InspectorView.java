package io.spotcheck.inspector;

import io.spotcheck.inspector.InspectorFilter.CertificateState;
import io.spotcheck.privacy.PersonMask;
import io.spotcheck.security.Caller;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

/** An inspector as one caller may see it: personal data masked on the server, per field. */
public record InspectorView(String id, String name, String departmentCode, String agencyId, String certificateNumber,
                            LocalDate certificateValidFrom, LocalDate certificateValidUntil, CertificateState certificateState,
                            List<String> qualifications, String status, String phone, List<RecusalView> recusals,
                            WorkloadView workload, OffsetDateTime updatedAt) {

    public record RecusalView(String subjectCode, String reason, OffsetDateTime addedAt) {}

    public record WorkloadView(int year, int drawsThisYear, int inspectionsThisYear, OffsetDateTime lastDrawnAt) {}

    public static InspectorView of(Inspector i, Caller caller, LocalDate today) {
        boolean full = InspectorAccess.mayChange(caller, i.department());
        Inspector.Workload w = i.workload().asOf(today.getYear());
        return new InspectorView(i.id(), i.name(), i.department(), i.agency(),
                full ? i.certificateNumber() : InspectorAccess.maskCertificate(i.certificateNumber()),
                i.certificateValidFrom(), i.certificateValidUntil(), state(i, today), i.qualifications(), i.status(),
                full ? i.phone() : InspectorAccess.maskPhone(i.phone()),
                recusals(i, caller, full),
                new WorkloadView(w.year(), w.drawsThisYear(), w.inspectionsThisYear(), time(w.lastDrawnAt())), time(i.updatedAt()));
    }

    /**
     * The recusals as the caller reads them. The reason is free text that may name the person: only
     * administrators of the department read it (they see persons). For a caller who does not see
     * persons a person's code is masked, and since the stored order is by code, the list is then
     * ordered by what the caller reads (masked code, then when recorded), never by the hidden digits.
     */
    static List<RecusalView> recusals(Inspector i, Caller caller, boolean full) {
        boolean masked = i.recusals().stream().anyMatch(r -> InspectorAccess.masksPerson(caller, r.subjectCode()));
        List<RecusalView> shown = i.recusals().stream().map(r -> new RecusalView(
                InspectorAccess.masksPerson(caller, r.subjectCode()) ? PersonMask.id(r.subjectCode()) : r.subjectCode(),
                full ? r.reason() : null, time(r.addedAt()))).toList();
        return masked ? shown.stream().sorted(Comparator.comparing(RecusalView::subjectCode)
                .thenComparing(RecusalView::addedAt, Comparator.nullsFirst(Comparator.naturalOrder()))).toList() : shown;
    }

    static CertificateState state(Inspector i, LocalDate day) {
        if (i.certificateNumber() == null || i.certificateValidFrom() == null || i.certificateValidUntil() == null) {
            return CertificateState.NONE;
        }
        if (i.certificateValidUntil().isBefore(day)) {
            return CertificateState.EXPIRED;
        }
        if (i.certificateValidFrom().isAfter(day)) {
            return CertificateState.NOT_YET_VALID;
        }
        return CertificateState.VALID;
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
