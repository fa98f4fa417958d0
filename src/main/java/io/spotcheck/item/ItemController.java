package io.spotcheck.item;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.api.UserError;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Item lists: public reference data to read, each department's admins maintain their own. */
@Controller
public class ItemController {

    private final ItemStore store;
    private final AuditLog audit;

    public ItemController(ItemStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    @QueryMapping
    public List<Item> items(@Argument String department, @Argument String field, @Argument String itemClass, Caller caller) {
        // Item lists are published documents (公开的抽查事项清单): anyone may read them.
        return store.search(department, field, itemClass);
    }

    @QueryMapping
    public Item item(@Argument String code, Caller caller) {
        return store.get(List.of(code)).get(code);
    }

    @QueryMapping
    public List<JointItemList> jointItemLists(@Argument String level, Caller caller) {
        return store.lists(level);
    }

    @SchemaMapping(typeName = "JointItemList", field = "items")
    public List<Item> jointListItems(JointItemList list) {
        List<String> codes = store.effectiveItemCodes(list);
        Map<String, Item> items = store.get(codes);
        return codes.stream().map(items::get).filter(java.util.Objects::nonNull).toList();
    }

    /** The item's need in the inspector directory's vocabulary (the one translation table), null when a certificate suffices. */
    @SchemaMapping(typeName = "Item", field = "inspectorQualification")
    public io.spotcheck.inspector.Qualification inspectorQualification(Item item) {
        return io.spotcheck.inspector.Qualification.forItem(item.requiredQualification()).orElse(null);
    }

    @SchemaMapping(typeName = "JointItemList", field = "localItemCodes")
    public List<String> localItemCodes(JointItemList list) {
        return list.itemCodes();
    }

    public record ItemInput(String code, String name, String department, String field, String itemClass, Double maxRatioPercent,
                            List<String> targetKinds, List<String> cooperatingDepartments, String legalBasis, List<String> methods,
                            Double defaultRatioPercent, String frequency, String requiredQualification, Boolean offSiteCheckable) {}

    public record ItemPayload(Item item, List<UserError> errors) {}

    @MutationMapping
    public ItemPayload upsertItem(@Argument ItemInput input, Caller caller) {
        caller.requireAny(Role.DEPT_ADMIN).requireDepartment(input.department());
        Item existing = store.get(List.of(input.code())).get(input.code());
        if (existing != null && !existing.department().equals(input.department())) {
            audit.record(caller, "item.upsert", input.code(), "FORBIDDEN", input);
            throw SpotcheckException.forbidden("item " + input.code() + " belongs to " + existing.department());
        }
        if (!input.methods().stream().allMatch(Item.METHODS::contains)) {
            return new ItemPayload(null, List.of(new UserError("INVALID_METHOD", "methods are " + Item.METHODS, List.of("input", "methods"))));
        }
        if (!io.spotcheck.inspector.Qualification.isKnownItemName(input.requiredQualification())) {
            return new ItemPayload(null, List.of(new UserError("UNKNOWN_QUALIFICATION", "requiredQualification names an inspector qualification "
                    + java.util.Arrays.toString(io.spotcheck.inspector.Qualification.values()) + " or one of the item-list names "
                    + new java.util.TreeSet<>(io.spotcheck.inspector.Qualification.ITEM_NAMES.keySet()) + " (docs/INSPECTOR-DRAW.md)",
                    List.of("input", "requiredQualification"))));
        }
        if ("GENERAL".equals(input.itemClass()) && input.maxRatioPercent() == null) {
            return new ItemPayload(null, List.of(new UserError("RATIO_CAP_REQUIRED", "a general item caps its ratio",
                    List.of("input", "maxRatioPercent"))));
        }
        Item item = new Item(input.code(), input.name(), input.department(), input.field(), input.itemClass(),
                "KEY".equals(input.itemClass()) ? null : input.maxRatioPercent(), input.targetKinds(), input.department(),
                input.cooperatingDepartments() == null ? List.of() : input.cooperatingDepartments(), input.legalBasis(),
                input.methods(), input.defaultRatioPercent(), input.frequency(), input.requiredQualification(),
                Boolean.TRUE.equals(input.offSiteCheckable()), OffsetDateTime.now(ZoneOffset.UTC));
        store.save(item);
        audit.record(caller, "item.upsert", item.code(), "OK", item);
        return new ItemPayload(item, List.of());
    }
}
