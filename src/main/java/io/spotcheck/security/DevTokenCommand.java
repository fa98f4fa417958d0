package io.spotcheck.security;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * DEV ONLY: {@code ./spotcheck token} prints the demo tokens; {@code ./spotcheck token ROLE[,ROLE]
 * [DEPT] [AGENCY]} mints one. Uses the signing key of the dev profile.
 */
public final class DevTokenCommand {

    /** The ready-made tokens the README lists, one per seeded role. */
    public static final List<DevTokens.Spec> DEMO = List.of(
            new DevTokens.Spec("admin", "平台管理员", null, null, List.of(Role.PLATFORM_ADMIN)),
            new DevTokens.Spec("scjg-admin", "区市场监管局管理员", "SCJG", "SCJG-BUREAU", List.of(Role.DEPT_ADMIN)),
            new DevTokens.Spec("scjg-operator", "区市场监管局操作员", "SCJG", "SCJG-BUREAU", List.of(Role.DEPT_OPERATOR)),
            new DevTokens.Spec("scjg-reviewer-01", "城厢所审核员", "SCJG", "SCJG-S01", List.of(Role.AGENCY_REVIEWER)),
            new DevTokens.Spec("wsjk-operator", "区卫生健康局操作员", "WSJK", "WSJK-BUREAU", List.of(Role.DEPT_OPERATOR)),
            new DevTokens.Spec("xfjy-admin", "区消防救援大队管理员", "XFJY", "XFJY-BUREAU", List.of(Role.DEPT_ADMIN)),
            new DevTokens.Spec("automation", "标签同步脚本", "SCJG", null, List.of(Role.AUTOMATION),
                    "subjects:import subjects:read tags:write stats:read", java.time.Instant.parse("2030-12-31T00:00:00Z"),
                    DevTokens.AUDIENCE));

    private DevTokenCommand() {}

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
        List<Role> roles = Arrays.stream(args[0].split(",")).map(String::trim).map(String::toUpperCase).map(Role::valueOf).toList();
        String department = args.length > 1 ? args[1] : null;
        String agency = args.length > 2 ? args[2] : null;
        System.out.println(DevTokens.mint(key, new DevTokens.Spec("dev-" + args[0].toLowerCase(), "dev", department, agency, roles)));
    }

    static String devSigningKey() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application-dev.yml"));
        Properties properties = yaml.getObject();
        return properties.getProperty("spotcheck.security.dev-signing-key");
    }
}
