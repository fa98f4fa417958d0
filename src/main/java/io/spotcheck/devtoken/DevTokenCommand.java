package io.spotcheck.devtoken;

import io.spotcheck.inspector.Inspector;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.inspector.seed.SeededInspectors;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;

/**
 * DEV ONLY: {@code ./spotcheck token} prints the demo tokens; {@code ./spotcheck token ROLE[,ROLE]
 * [DEPT] [AGENCY] [INSPECTOR_ID]} mints one. Uses the signing key of the dev profile. A token with
 * the INSPECTOR role names a real seeded inspector of the agency ({@link SeededInspectors}): the one
 * given, or else the agency's first drawable one, because {@code myAssignments} and result entry
 * match the token's subject against the drawn inspectors' ids.
 */
public final class DevTokenCommand {

    /** The ready-made tokens the README lists, one per seeded role. */
    public static final List<DevTokens.Spec> DEMO = List.of(
            new DevTokens.Spec("admin", "平台管理员", null, null, List.of(Role.PLATFORM_ADMIN)),
            new DevTokens.Spec("scjg-admin", "区市场监管局管理员", "SCJG", "SCJG-BUREAU", List.of(Role.DEPT_ADMIN)),
            new DevTokens.Spec("scjg-operator", "区市场监管局操作员", "SCJG", "SCJG-BUREAU", List.of(Role.DEPT_OPERATOR)),
            new DevTokens.Spec("scjg-reviewer-01", "城厢所审核员", "SCJG", "SCJG-S01", List.of(Role.AGENCY_REVIEWER)),
            new DevTokens.Spec("scjg-reviewer-bureau", "区市场监管局审核员", "SCJG", "SCJG-BUREAU", List.of(Role.AGENCY_REVIEWER)),
            inspector("SCJG", "SCJG-S01"),
            inspector("WSJK", "WSJK-S01"),
            new DevTokens.Spec("wsjk-operator", "区卫生健康局操作员", "WSJK", "WSJK-BUREAU", List.of(Role.DEPT_OPERATOR)),
            new DevTokens.Spec("xfjy-admin", "区消防救援大队管理员", "XFJY", "XFJY-BUREAU", List.of(Role.DEPT_ADMIN)),
            new DevTokens.Spec("automation", "标签同步脚本", "SCJG", null, List.of(Role.AUTOMATION),
                    "subjects:import subjects:read tags:write stats:read", java.time.Instant.parse("2030-12-31T00:00:00Z"),
                    DevTokens.AUDIENCE));

    private DevTokenCommand() {}

    /** The token of the agency's first drawable seeded inspector (its id is the token's subject). */
    static DevTokens.Spec inspector(String department, String agency) {
        // the README's tokens do not depend on the day: statuses, certificate validity and workloads come from the seed alone
        Inspector i = SeededInspectors.drawable(agency, LocalDate.now(InspectorDirectory.ZONE))
                .orElseThrow(() -> new IllegalStateException("no drawable seeded inspector in " + agency));
        return new DevTokens.Spec(i.id(), i.name(), department, agency, List.of(Role.INSPECTOR));
    }

    public static void main(String[] args) {
        String key = devSigningKey();
        if (args.length == 0) {
            System.out.println("DEV ONLY tokens (signed with the dev profile's key; never valid in production):");
            for (DevTokens.Spec spec : DEMO) {
                System.out.printf("%n%s  %s%s%n  %s%n", spec.subject(), spec.roles(),
                        spec.department() == null ? "" : " " + spec.department(), DevTokens.mint(key, spec));
            }
            return;
        }
        List<Role> roles;
        try {
            roles = Arrays.stream(args[0].split(",")).map(String::trim).map(String::toUpperCase).map(Role::valueOf).toList();
        } catch (IllegalArgumentException e) {
            System.err.println("unknown role in " + args[0] + "; roles: " + Arrays.toString(Role.values()));
            System.exit(2);
            return;
        }
        String department = args.length > 1 ? args[1] : null;
        String agency = args.length > 2 ? args[2] : null;
        String inspectorId = args.length > 3 ? args[3] : null;
        try {
            System.out.println(DevTokens.mint(key, spec(roles, department, agency, inspectorId, LocalDate.now(InspectorDirectory.ZONE))));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** What {@code ./spotcheck token ROLES DEPT AGENCY [INSPECTOR_ID]} mints; refuses an inspector token that would name nobody. */
    static DevTokens.Spec spec(List<Role> roles, String department, String agency, String inspectorId, LocalDate today) {
        String joined = String.join(",", roles.stream().map(Enum::name).toList()).toLowerCase();
        if (!roles.contains(Role.INSPECTOR)) {
            return new DevTokens.Spec("dev-" + joined, "dev", department, agency, roles);
        }
        if (department == null || agency == null) {
            throw new IllegalArgumentException("an inspector token names a seeded inspector: ./spotcheck token INSPECTOR DEPT AGENCY [INSPECTOR_ID], "
                    + "e.g. ./spotcheck token INSPECTOR SCJG SCJG-S01");
        }
        Inspector i;
        if (inspectorId != null) {
            i = SeededInspectors.byId(inspectorId, today)
                    .orElseThrow(() -> new IllegalArgumentException(inspectorId + " is not a seeded inspector (ids look like " + agency + "-001)"));
            if (!i.agency().equals(agency) || !i.department().equals(department)) {
                throw new IllegalArgumentException(inspectorId + " is an inspector of " + i.department() + " " + i.agency()
                        + ", not " + department + " " + agency);
            }
        } else {
            i = SeededInspectors.drawable(agency, today)
                    .filter(x -> x.department().equals(department))
                    .orElseThrow(() -> new IllegalArgumentException("no drawable seeded inspector in " + department + " " + agency));
        }
        return new DevTokens.Spec(i.id(), i.name(), department, agency, roles);
    }

    static String devSigningKey() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application-dev.yml"));
        Properties properties = yaml.getObject();
        return properties.getProperty("spotcheck.security.dev-signing-key");
    }
}
